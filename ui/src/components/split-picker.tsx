// "Split the timeline by": one line per value of a series label (version, instance) or of a sample
// label (handler), from /labels?kind=all. The API's /series groupBy and groupByKind.
import { getJson } from '../api/client.js';
import { useApi } from '../api/use-api.js';

interface Props {
  query: string;
  type: string;
  from: string;
  to: string;
  value: string;
  kind: string;
  onChange: (groupBy: string, groupByKind: string) => void;
}

export function SplitPicker(p: Props) {
  const scope = { kind: 'all', query: p.query, type: p.type, from: p.from, to: p.to };
  const labels = useApi(JSON.stringify(scope), (s) => getJson<{ series: string[]; sample: string[] }>('labels', scope, s));
  const selected = p.value === '' ? '' : `${p.kind === 'sample' ? 'sample' : 'series'}:${p.value}`;
  const series = labels.data?.series ?? [], sample = labels.data?.sample ?? [];
  return (
    <span class="split-picker">
      <label for="split-by">split timeline by</label>
      <select id="split-by" value={selected} onChange={(e) => {
        const v = e.currentTarget.value;
        const colon = v.indexOf(':');
        p.onChange(colon < 0 ? '' : v.slice(colon + 1), colon < 0 ? '' : v.slice(0, colon));
      }}>
        <option value="">series</option>
        {sample.length > 0 && (
          <optgroup label="sample labels">
            {sample.map((l) => <option key={`sample:${l}`} value={`sample:${l}`}>{l}</option>)}
          </optgroup>
        )}
        {series.length > 0 && (
          <optgroup label="series labels">
            {series.map((l) => <option key={`series:${l}`} value={`series:${l}`}>{l}</option>)}
          </optgroup>
        )}
      </select>
    </span>
  );
}
