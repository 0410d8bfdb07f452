import { formatValue, pprofPercentage } from '../query/format-units.js';
import type { PeekResult } from '../query/peek.js';
import { activeFilterLines } from './print-top.js';

const SEPARATOR = '----------------------------------------------------------+-------------';

/** Renders callers and callees as `go tool pprof -peek` does. */
export function renderPeek(result: PeekResult, active: readonly string[] = []): string {
  const fmt = (v: number) => formatValue(v, result.unit, 'minimum');
  const lines = [
    `Type: ${result.type}`, ...activeFilterLines(active),
    `Showing nodes accounting for ${fmt(result.shown)}, ${pprofPercentage(result.shown, result.total).trim()} of ${fmt(result.total)} total`,
    SEPARATOR,
    '      flat  flat%   sum%        cum   cum%   calls calls% + context 	 	 ',
  ];
  for (const r of result.rows) {
    lines.push(SEPARATOR);
    for (const e of r.callers) lines.push(`${fmt(e.weight).padStart(50)} ${pprofPercentage(e.weight, r.cum)} |   ${e.name}${e.inline ? ' (inline)' : ''}`);
    lines.push(`${fmt(r.flat).padStart(10)} ${pprofPercentage(r.flat, result.total)} ${pprofPercentage(r.sumPct, 100)} ` +
      `${fmt(r.cum).padStart(10)} ${pprofPercentage(r.cum, result.total)}                | ${r.name}`);
    for (const e of r.callees) lines.push(`${fmt(e.weight).padStart(50)} ${pprofPercentage(e.weight, r.cum)} |   ${e.name}${e.inline ? ' (inline)' : ''}`);
  }
  if (result.rows.length > 0) lines.push(SEPARATOR);
  return lines.join('\n') + '\n';
}
