// Selector, type, aggregation and window of a page, applied together.
import { useEffect, useState } from 'preact/hooks';
import type { TypesResponse } from '../api/types.js';
import type { Window } from '../time-window.js';
import { SelectorInput } from './selector-input.js';
import { TimeRange } from './time-range.js';
import { TypePicker } from './type-picker.js';

interface Props {
  idPrefix: string;
  query: string;
  type: string;
  agg?: string;
  window: Window;
  types: TypesResponse | undefined;
  onlyTypes?: readonly string[];
  onChange: (next: { query?: string; type?: string; agg?: string; from?: string; to?: string }) => void;
}

export function QueryBar(p: Props) {
  const [draft, setDraft] = useState(p.query);
  useEffect(() => setDraft(p.query), [p.query]);
  return (
    <div class="query-bar">
      <div class="query-row">
        <SelectorInput
          id={`${p.idPrefix}-query`} label="selector" value={draft} from={p.window.from} to={p.window.to}
          onInput={setDraft} onSubmit={() => p.onChange({ query: draft })}
        />
        <button type="button" onClick={() => p.onChange({ query: draft })}>Show</button>
        <TypePicker id={`${p.idPrefix}-type`} value={p.type} types={p.types} only={p.onlyTypes} onChange={(type) => p.onChange({ type })} />
        {p.agg !== undefined && (
          <span>
            <label for={`${p.idPrefix}-agg`}>aggregate</label>
            <select id={`${p.idPrefix}-agg`} value={p.agg} onChange={(e) => p.onChange({ agg: e.currentTarget.value })}>
              <option value="">default for the type</option>
              <option value="sum">sum</option>
              <option value="mean">mean</option>
            </select>
          </span>
        )}
      </div>
      <TimeRange idPrefix={p.idPrefix} value={p.window} onChange={(w) => p.onChange(w)} />
    </div>
  );
}
