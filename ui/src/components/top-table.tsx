// The top table exactly as the API computed it (/top: flat, flat%, sum%, cum, cum%), sortable;
// the search filters it; a row click (or Enter on a row) focuses that function.
import { useMemo, useState } from 'preact/hooks';
import type { TopRow } from '../api/types.js';
import { formatPercent, formatValue } from '../format.js';

type Key = 'name' | 'flat' | 'cum';
const SHOWN = 300;

interface Props {
  rows: TopRow[];
  unit: string;
  total: number;
  filter?: (name: string) => boolean;
  focus?: string;
  onFocus: (name: string) => void;
  caption: string;
}

export function TopTable(p: Props) {
  const [sort, setSort] = useState<{ key: Key | 'rank'; desc: boolean }>({ key: 'rank', desc: false });
  const [all, setAll] = useState(false);
  const rows = useMemo(() => {
    const ranked = p.rows.map((r, i) => ({ r, i })).filter(({ r }) => !p.filter || p.filter(r.name));
    if (sort.key !== 'rank') {
      const k = sort.key;
      const sign = sort.desc ? -1 : 1;
      ranked.sort((a, b) => {
        const x = a.r[k], y = b.r[k];
        return sign * (typeof x === 'string' ? x.localeCompare(y as string) : Math.abs(x) - Math.abs(y as number)) || a.i - b.i;
      });
    }
    return ranked;
  }, [p.rows, p.filter, sort]);
  const head = (key: Key | 'rank', label: string, numeric: boolean) => {
    const on = sort.key === key;
    return (
      <th scope="col" class={numeric ? 'num' : ''} aria-sort={on ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button type="button" onClick={() => setSort({ key, desc: on ? !sort.desc : key !== 'name' && key !== 'rank' })}>
          {label}{on ? (sort.desc ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };
  const shown = all ? rows : rows.slice(0, SHOWN);
  return (
    <div class="table-wrap">
      <table class="top-table">
        <caption>{p.caption}{p.filter ? ` — ${rows.length} of ${p.rows.length} rows match the search` : ''}</caption>
        <thead>
          <tr>
            {head('rank', '#', true)}{head('flat', 'flat', true)}<th scope="col" class="num">flat%</th>
            <th scope="col" class="num">sum%</th>{head('cum', 'cum', true)}<th scope="col" class="num">cum%</th>{head('name', 'name', false)}
          </tr>
        </thead>
        <tbody>
          {shown.map(({ r, i }) => (
            <tr
              key={r.name} class={r.name === p.focus ? 'focused' : ''} tabIndex={0} aria-selected={r.name === p.focus}
              onClick={() => p.onFocus(r.name)} onKeyDown={(e) => { if (e.key === 'Enter') p.onFocus(r.name); }}
            >
              <td class="num">{i + 1}</td>
              <td class="num">{formatValue(r.flat, p.unit)}</td><td class="num">{formatPercent(r.flatPct)}</td>
              <td class="num">{formatPercent(r.sumPct)}</td><td class="num">{formatValue(r.cum, p.unit)}</td>
              <td class="num">{formatPercent(r.cumPct)}</td><td class="name" title={r.file}>{r.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > shown.length && <button type="button" onClick={() => setAll(true)}>Show all {rows.length} rows</button>}
    </div>
  );
}
