// How a planned box looks: its fill and its label. Shared by the canvas and the SVG export so
// that the export is the graph as drawn.
import type { DiffPalette, Theme } from './colors.js';
import { diffColor, packageColor } from './colors.js';
import type { FlatTree } from './flat-tree.js';
import type { Box } from './plan.js';
import type { SearchResult } from './search.js';

export const ROW_HEIGHT = 18;
export const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

export interface PaintOptions {
  theme: Theme;
  search?: SearchResult;
  /** Colours by change (diff trees): the change that gets full saturation, in value units. */
  diff?: { palette: DiffPalette; fullScale: number };
}

export type Painter = (b: Box) => string;

/** Change of a diff node: current − base. */
export function deltaOf(t: FlatTree, n: number): number {
  return t.total[n]! - (t.baseTotal?.[n] ?? 0);
}

export function painterOf(t: FlatTree, o: PaintOptions): Painter {
  return (b) => {
    if (b.kind === 'merged') return o.theme.mergedBox;
    const searching = o.search !== undefined;
    if (searching && !o.search!.matches[b.node]) return o.theme.mutedBox;
    if (searching && !o.diff) return o.theme.match;
    if (o.diff) return diffColor(o.diff.fullScale > 0 ? deltaOf(t, b.node) / o.diff.fullScale : 0, o.diff.palette, o.theme);
    if (b.node === 0) return o.theme.mutedBox;
    return packageColor(t.names[b.node]!, o.theme);
  };
}

/** The label that fits in `w` px with characters `charWidth` wide ('' when nothing useful fits). */
export function fitLabel(name: string, w: number, charWidth: number): string {
  const room = Math.floor((w - 6) / charWidth);
  if (room < 3) return '';
  if (name.length <= room) return name;
  return `${name.slice(0, room - 1)}…`;
}

/** Label of a box: the node's name, or how many nodes a merged block holds. */
export function boxName(t: FlatTree, b: Box): string {
  if (b.kind === 'merged') return `${b.members!.length} merged`;
  if (isNewInDiff(t, b.node)) return `[new] ${t.names[b.node]!}`;
  return t.names[b.node]!;
}

/** A node of a diff tree that the base does not have. */
function isNewInDiff(t: FlatTree, n: number): boolean {
  return t.baseTotal !== undefined && n !== 0 && t.baseTotal[n] === 0 && t.total[n]! > 0;
}

/** Top of a row in px: rows grow down from the top, or up from the bottom (icicle vs. flame). */
export function rowTop(row: number, rows: number, up: boolean): number {
  return up ? (rows - 1 - row) * ROW_HEIGHT : row * ROW_HEIGHT;
}
