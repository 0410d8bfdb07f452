// What to draw for a zoom state and a width: only boxes in view and at least MIN_BOX_PX wide.
// Narrower boxes next to each other at one depth are merged into one grey block (their
// descendants are not drawn); the plan counts what was merged so the graph can say so, and
// keeps, per row, the drawn boxes sorted by x for O(log n) hit testing.
import type { FlatTree } from './flat-tree.js';

/** Boxes narrower than this (CSS px) are merged. */
export const MIN_BOX_PX = 2;

/** A node drawn on its own, an ancestor of the zoomed node (full width), or a block of merged narrow nodes. */
export type BoxKind = 'node' | 'ancestor' | 'merged';

export interface Box {
  kind: BoxKind;
  /** The node (for a merged block: its first member). */
  node: number;
  row: number;
  x: number;
  w: number;
  /** Members of a merged block. */
  members?: number[];
}

export interface Plan {
  boxes: Box[];
  /** Boxes of each row, left to right. */
  rows: Box[][];
  drawnNodes: number;
  mergedBlocks: number;
  /** Nodes not drawn on their own: merged ones and everything under them. */
  mergedNodes: number;
  /** Sum of the widths of merged nodes, in value units. */
  mergedValue: number;
}

/** Plans the boxes of the subtree of `zoom` (its ancestors drawn full width above it) in `width` px. */
export function planBoxes(t: FlatTree, zoom: number, width: number): Plan {
  const rows: Box[][] = [];
  const boxes: Box[] = [];
  const add = (b: Box) => {
    boxes.push(b);
    (rows[b.row] ??= []).push(b);
  };
  for (let a = t.parent[zoom]!, row = t.depth[zoom]! - 1; a >= 0; a = t.parent[a]!, row--) {
    add({ kind: 'ancestor', node: a, row, x: 0, w: width });
  }
  const zw = t.width[zoom]!;
  const scale = zw > 0 ? width / zw : 0;
  const x0 = t.x[zoom]!;
  const lastMerged: (Box | undefined)[] = [];
  let drawnNodes = 0, mergedBlocks = 0, mergedNodes = 0, mergedValue = 0;
  const stack = [zoom];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const row = t.depth[n]!;
    const x = (t.x[n]! - x0) * scale;
    const w = t.width[n]! * scale;
    if (w >= MIN_BOX_PX) {
      add({ kind: 'node', node: n, row, x, w });
      drawnNodes++;
      for (let c = t.firstChild[n]! + t.childCount[n]! - 1; c >= t.firstChild[n]!; c--) stack.push(c);
      continue;
    }
    if (w <= 0) continue;
    mergedNodes += t.subtree[n]!;
    mergedValue += t.width[n]!;
    const last = lastMerged[row];
    if (last !== undefined && x - (last.x + last.w) < 0.5) {
      last.w = x + w - last.x;
      last.members!.push(n);
    } else {
      const block: Box = { kind: 'merged', node: n, row, x, w, members: [n] };
      lastMerged[row] = block;
      add(block);
      mergedBlocks++;
    }
  }
  for (const r of rows) r?.sort((a, b) => a.x - b.x);
  return { boxes, rows, drawnNodes, mergedBlocks, mergedNodes, mergedValue };
}

/** The box under (x, row), by binary search in the row. */
export function boxAt(plan: Plan, x: number, row: number): Box | undefined {
  const r = plan.rows[row];
  if (r === undefined) return undefined;
  let lo = 0, hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = r[mid]!;
    if (x < b.x) hi = mid - 1;
    else if (x >= b.x + Math.max(b.w, 1)) lo = mid + 1;
    else return b;
  }
  return undefined;
}

