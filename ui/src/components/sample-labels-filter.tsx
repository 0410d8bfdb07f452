// The filter on sample labels of a page ({handler="checkout",tenant!="acme"}, the API's
// sampleLabels), with autocomplete of the sample labels of the selected series and type.
import { useEffect, useState } from 'preact/hooks';
import { SelectorInput } from './selector-input.js';

interface Props {
  value: string;
  query: string;
  type: string;
  from: string;
  to: string;
  idPrefix?: string;
  onChange: (value: string) => void;
}

export function SampleLabelsFilter(p: Props) {
  const [draft, setDraft] = useState(p.value);
  useEffect(() => setDraft(p.value), [p.value]);
  const id = `${p.idPrefix ?? 'explore'}-sample-labels`;
  return (
    <span class="sample-labels-filter">
      <SelectorInput
        id={id} label="sample labels" value={draft} from={p.from} to={p.to} kind="sample" query={p.query} type={p.type}
        placeholder='{handler="checkout"} — samples whose labels match' onInput={setDraft} onSubmit={() => p.onChange(draft.trim())}
      />
      <button type="button" onClick={() => p.onChange(draft.trim())}>Filter</button>
      {p.value !== '' && <button type="button" onClick={() => p.onChange('')} aria-label={`clear the sample label filter ${p.value}`}>Clear</button>}
    </span>
  );
}
