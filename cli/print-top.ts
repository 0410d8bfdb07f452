import type { TopResult } from '../query/top.js';
import { formatPercent, formatValue } from './format-units.js';

/** pprof's "Active filters:" legend lines, or none. */
export function activeFilterLines(active: readonly string[]): string[] {
  return active.length === 0 ? [] : ['Active filters:', ...active.map((f) => `   ${f}`)];
}

/** Renders a top table as `go tool pprof -top` does. */
export function renderTop(result: TopResult, active: readonly string[] = []): string {
  const lines = [
    `Type: ${result.type}`,
    ...activeFilterLines(active),
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
