// pprof `list` without source: flat and cum per source line of one function (/list).
import type { ListResponse } from '../api/types.js';
import { formatPercent, formatValue } from '../format.js';

export function LineTable({ list }: { list: ListResponse }) {
  return (
    <div class="table-wrap">
      <table class="line-table">
        <caption>Lines of {list.function}</caption>
        <thead>
          <tr><th scope="col">file:line</th><th scope="col" class="num">flat</th><th scope="col" class="num">flat%</th><th scope="col" class="num">cum</th><th scope="col" class="num">cum%</th></tr>
        </thead>
        <tbody>
          {list.rows.map((r) => (
            <tr key={`${r.file}:${r.line}`}>
              <td class="name">{r.file}:{r.line}</td>
              <td class="num">{formatValue(r.flat, list.unit)}</td><td class="num">{formatPercent(r.flatPct)}</td>
              <td class="num">{formatValue(r.cum, list.unit)}</td><td class="num">{formatPercent(r.cumPct)}</td>
            </tr>
          ))}
          {list.rows.length === 0 && <tr><td colSpan={5}>No samples in this function in the window.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
