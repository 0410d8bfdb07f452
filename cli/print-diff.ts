import type { DiffResult } from '../query/diff.js';
import { formatPercent, formatValue } from '../query/format-units.js';
import { activeFilterLines } from './print-top.js';

/** Renders a diff as `go tool pprof -top -diff_base` does: deltas, percentages of the base total. */
export function renderDiff(result: DiffResult, active: readonly string[] = [], limit = result.rows.length): string {
  const base = result.base.total * result.baseScale;
  const pct = (v: number) => (base === 0 ? 0 : (100 * v) / base);
  const rows = result.rows.slice(0, limit);
  let running = 0;
  const body = rows.map((r) => {
    running += r.deltaFlat;
    return `${formatValue(r.deltaFlat, result.unit).padStart(10)} ${formatPercent(r.deltaFlatPct).padStart(6)} ${formatPercent(pct(running)).padStart(6)} ` +
      `${formatValue(r.deltaCum, result.unit).padStart(10)} ${formatPercent(r.deltaCumPct).padStart(6)}  ${r.name}`;
  });
  return [
    `Type: ${result.type}`, ...activeFilterLines(active),
    `Showing nodes accounting for ${formatValue(running, result.unit)}, ${formatPercent(pct(running))} of ${formatValue(base, result.unit)} total`,
    `${'flat'.padStart(10)}  flat%   sum%  ${'cum'.padStart(9)}   cum%`,
    ...body,
  ].join('\n') + '\n';
}
