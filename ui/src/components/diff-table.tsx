// The diff table, sorted by change (as go tool pprof -diff_base orders it); functions absent
// from the base are marked "new".
import { useMemo, useState } from 'preact/hooks';
import type { DiffRow } from '../api/types.js';
import { formatPercent, formatValue } from '../format.js';

const SHOWN = 300;
const signed = (v: number, unit: string) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${formatValue(Math.abs(v), unit)}`;

interface Props {
  rows: DiffRow[];
  unit: string;
  filter?: (name: string) => boolean;
  onFocus?: (name: string) => void;
}

export function DiffTable(p: Props) {
  const [by, setBy] = useState<'deltaFlat' | 'deltaCum'>('deltaFlat');
  const [all, setAll] = useState(false);
  const rows = useMemo(() => {
    const r = p.rows.filter((x) => !p.filter || p.filter(x.name));
    if (by === 'deltaCum') r.sort((a, b) => Math.abs(b.deltaCum) - Math.abs(a.deltaCum) || (a.name < b.name ? -1 : 1));
    return r;
  }, [p.rows, p.filter, by]);
  const shown = all ? rows : rows.slice(0, SHOWN);
  return (
    <div class="table-wrap">
      <table class="diff-table">
        <caption>Change per function, largest first (sorted by {by === 'deltaFlat' ? 'flat' : 'cum'} change)</caption>
        <thead>
          <tr>
            <th scope="col" class="num">base flat</th><th scope="col" class="num">flat</th>
            <th scope="col" class="num" aria-sort={by === 'deltaFlat' ? 'descending' : 'none'}><button type="button" onClick={() => setBy('deltaFlat')}>Δ flat{by === 'deltaFlat' ? ' ▼' : ''}</button></th>
            <th scope="col" class="num">Δ flat%</th>
            <th scope="col" class="num" aria-sort={by === 'deltaCum' ? 'descending' : 'none'}><button type="button" onClick={() => setBy('deltaCum')}>Δ cum{by === 'deltaCum' ? ' ▼' : ''}</button></th>
            <th scope="col" class="num">Δ cum%</th><th scope="col">name</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const isNew = r.baseCum === 0 && r.cum > 0;
            const gone = r.cum === 0 && r.baseCum > 0;
            return (
              <tr key={r.name} class={r.deltaFlat > 0 || (r.deltaFlat === 0 && r.deltaCum > 0) ? 'more' : 'less'} tabIndex={0}
                onClick={() => p.onFocus?.(r.name)} onKeyDown={(e) => { if (e.key === 'Enter') p.onFocus?.(r.name); }}>
                <td class="num">{formatValue(r.baseFlat, p.unit)}</td><td class="num">{formatValue(r.flat, p.unit)}</td>
                <td class="num delta">{signed(r.deltaFlat, p.unit)}</td><td class="num">{r.deltaFlatPct < 0 ? '−' : '+'}{formatPercent(r.deltaFlatPct)}</td>
                <td class="num delta">{signed(r.deltaCum, p.unit)}</td><td class="num">{r.deltaCumPct < 0 ? '−' : '+'}{formatPercent(r.deltaCumPct)}</td>
                <td class="name">{isNew && <span class="badge new">new</span>}{gone && <span class="badge gone">gone</span>}{r.name}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length && <button type="button" onClick={() => setAll(true)}>Show all {rows.length} rows</button>}
    </div>
  );
}
