import type { ListResult } from '../query/list.js';
import { formatValue, pprofPercentage } from '../query/format-units.js';

/** Renders per-line values as `go tool pprof -list` does, without the source text. */
export function renderList(result: ListResult): string {
  const fmt = (v: number) => formatValue(v, result.unit, 'minimum');
  const dot = (v: number) => (v === 0 ? '.' : fmt(v));
  const lines = [`Total: ${fmt(result.total)}`];
  for (const r of result.routines) {
    lines.push(`ROUTINE ======================== ${r.function} in ${r.file}`);
    lines.push(`${fmt(r.flat).padStart(10)} ${fmt(r.cum).padStart(10)} (flat, cum) ${pprofPercentage(r.cum, result.total)} of Total`);
    for (const l of r.lines) lines.push(`${dot(l.flat).padStart(10)} ${dot(l.cum).padStart(10)} ${String(l.line).padStart(6)}:`);
  }
  return lines.join('\n') + '\n';
}
