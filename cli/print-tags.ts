import { goFixed, pprofPercentage, scaleValue } from '../query/format-units.js';
import type { TagsResult } from '../query/tags.js';

/**
 * Lays out tab-terminated cells as Go's tabwriter does with AlignRight and padding 1: each
 * column right-aligned to its widest cell plus one; the text after the last tab follows as is.
 */
function alignRight(rows: { cells: string[]; rest: string }[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.cells.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length + 1); });
  return rows.map((r) => r.cells.map((c, i) => c.padStart(widths[i]!)).join('') + r.rest);
}

/** Renders label totals as `go tool pprof -tags` does. */
export function renderTags(result: TagsResult): string {
  const scaled = (v: number) => { const [x, u] = scaleValue(v, result.unit, 'minimum'); return `${goFixed(x, 1)}${u}`; };
  const lines: string[] = [];
  for (const k of result.keys) {
    const rows = [{ cells: [`${k.key}:`], rest: ` Total ${scaled(k.total)}` }];
    for (const v of k.values) {
      rows.push({ cells: [' ', k.total > 0 ? `${scaled(v.total)} (${pprofPercentage(v.total, k.total)}):` : `${scaled(v.total)}:`], rest: ` ${v.value}` });
    }
    lines.push(...alignRight(rows), '');
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
