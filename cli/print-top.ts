import type { TopResult } from '../query/top.js';
import { formatPercent, formatValue } from '../query/format-units.js';

/** Renders a top table as `go tool pprof -top` does. */
export function renderTop(result: TopResult): string {
  const lines = [
    `Type: ${result.type}`,
    `Showing nodes accounting for ${formatValue(result.rows.reduce((s, r) => s + r.flat, 0), result.unit)}, ` +
      `${formatPercent(result.rows.at(-1)?.sumPct ?? 0)} of ${formatValue(result.total, result.unit)} total`,
    `${'flat'.padStart(10)}  flat%   sum%  ${'cum'.padStart(9)}   cum%`,
  ];
  for (const r of result.rows) {
    lines.push(`${formatValue(r.flat, result.unit).padStart(10)} ${formatPercent(r.flatPct).padStart(6)} ` +
      `${formatPercent(r.sumPct).padStart(6)} ${formatValue(r.cum, result.unit).padStart(10)} ${formatPercent(r.cumPct).padStart(6)}  ${r.name}`);
  }
  return lines.join('\n') + '\n';
}
