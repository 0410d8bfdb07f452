// The flame graph as drawn, as a standalone SVG: the same boxes, fills and labels as the
// canvas, with each box's name, total and self in a <title> for viewers that show tooltips.
import { formatPercent, formatValue } from '../format.js';
import type { FlatTree } from './flat-tree.js';
import type { Painter } from './paint.js';
import { ROW_HEIGHT, boxName, fitLabel, rowTop } from './paint.js';
import type { Plan } from './plan.js';

const CHAR_WIDTH = 7.2;

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface SvgOptions {
  width: number;
  rows: number;
  up: boolean;
  unit: string;
  total: number;
  title: string;
  textColor: string;
  background: string;
}

export function planToSvg(t: FlatTree, plan: Plan, paint: Painter, o: SvgOptions): string {
  const header = 24;
  const height = o.rows * ROW_HEIGHT + header;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${height}" viewBox="0 0 ${o.width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
    `<rect width="100%" height="100%" fill="${o.background}"/>`,
    `<text x="4" y="16" fill="${o.textColor}">${escape(o.title)}</text>`,
    `<g transform="translate(0 ${header})">`,
  ];
  for (const b of plan.boxes) {
    const y = rowTop(b.row, o.rows, o.up);
    const w = b.w > 3 ? b.w - 1 : b.w;
    const name = boxName(t, b);
    const value = b.kind === 'merged' ? b.members!.reduce((s, m) => s + t.width[m]!, 0) : t.total[b.node]!;
    const tip = `${name}: total ${formatValue(value, o.unit)} (${formatPercent(o.total === 0 ? 0 : (100 * value) / o.total)})` +
      (b.kind === 'merged' ? '' : `, self ${formatValue(t.self[b.node]!, o.unit)}`);
    out.push(`<g><title>${escape(tip)}</title><rect x="${b.x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${ROW_HEIGHT - 1}" fill="${paint(b)}"/>`);
    const label = fitLabel(name, b.w, CHAR_WIDTH);
    if (label !== '') out.push(`<text x="${(b.x + 3).toFixed(2)}" y="${y + 13}" fill="${o.textColor}">${escape(label)}</text>`);
    out.push('</g>');
  }
  out.push('</g></svg>');
  return out.join('\n');
}

/** Offers text as a file download. */
export function download(name: string, type: string, data: BlobPart): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
