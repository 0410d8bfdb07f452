import { percentage, scaleValue } from '../query/measurement.js';
import type { TagsResult } from '../query/tags.js';

/** Right-aligns the cells of rows to the widest cell of each column, as Go's tabwriter with AlignRight. */
function alignRight(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length); });
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padStart(widths[i]!))).join(' '));
}

/** Renders label totals as `go tool pprof -tags` does. */
export function renderTags(result: TagsResult): string {
  const scaled = (v: number) => { const [x, u] = scaleValue(v, result.unit, 'minimum'); return `${x.toFixed(1)}${u}`; };
  const lines: string[] = [];
  for (const k of result.keys) {
    const rows = [[`${k.key}:`, `Total ${scaled(k.total)}`, '']];
    for (const v of k.values) rows.push(['', k.total > 0 ? `${scaled(v.total)} (${percentage(v.total, k.total)}):` : `${scaled(v.total)}:`, v.value]);
    lines.push(...alignRight(rows).map((l) => ` ${l}`.trimEnd()), '');
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
