// A flame tree flattened into typed arrays in breadth-first order: the nodes of one depth are
// contiguous and in left-to-right order, and so are the children of each node. Drawing, hit
// testing and search walk these arrays instead of objects.
import type { DiffNode, FlameNode } from '../api/types.js';

export interface FlatTree {
  count: number;
  names: string[];
  /** Width of a node in value units: its total (for a diff, current + base). */
  width: Float64Array;
  /** Left edge in value units, from the root's left edge. */
  x: Float64Array;
  depth: Uint16Array;
  parent: Int32Array;
  firstChild: Int32Array;
  childCount: Int32Array;
  /** Nodes in the subtree, the node included. */
  subtree: Int32Array;
  /** Total and self of the (current) profile. */
  total: Float64Array;
  self: Float64Array;
  /** For a diff: total and self of the base (scaled when normalized); absent otherwise. */
  baseTotal?: Float64Array;
  baseSelf?: Float64Array;
  maxDepth: number;
  /** Nodes named "(other)": siblings the server summed when it trimmed the tree. */
  trimmedNodes: number[];
}

type AnyNode = FlameNode | DiffNode;

const isDiff = (n: AnyNode): n is DiffNode => 'baseTotal' in n;

/** Flattens a tree of the API (flame or diff). */
export function flattenTree(root: AnyNode): FlatTree {
  const nodes: AnyNode[] = [root];
  const parentOf: number[] = [-1];
  const first: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    first.push(nodes.length);
    for (const c of n.children as AnyNode[]) {
      nodes.push(c);
      parentOf.push(i);
    }
  }
  const count = nodes.length;
  const diff = isDiff(root);
  const t: FlatTree = {
    count, names: new Array<string>(count), width: new Float64Array(count), x: new Float64Array(count),
    depth: new Uint16Array(count), parent: Int32Array.from(parentOf), firstChild: Int32Array.from(first),
    childCount: new Int32Array(count), subtree: new Int32Array(count).fill(1), total: new Float64Array(count),
    self: new Float64Array(count), maxDepth: 0, trimmedNodes: [],
    ...(diff ? { baseTotal: new Float64Array(count), baseSelf: new Float64Array(count) } : {}),
  };
  for (let i = 0; i < count; i++) {
    const n = nodes[i]!;
    t.names[i] = n.name;
    t.total[i] = n.total;
    t.self[i] = n.self;
    t.childCount[i] = n.children.length;
    if (isDiff(n)) {
      t.baseTotal![i] = n.baseTotal;
      t.baseSelf![i] = n.baseSelf;
      t.width[i] = Math.abs(n.total) + Math.abs(n.baseTotal);
    } else t.width[i] = Math.abs(n.total);
    if (n.name === '(other)' && n.children.length === 0) t.trimmedNodes.push(i);
  }
  for (let i = 0; i < count; i++) {
    let cx = t.x[i]!;
    const d = t.depth[i]! + 1;
    for (let c = t.firstChild[i]!, end = c + t.childCount[i]!; c < end; c++) {
      t.x[c] = cx;
      t.depth[c] = d;
      cx += t.width[c]!;
      if (d > t.maxDepth) t.maxDepth = d;
    }
  }
  for (let i = count - 1; i > 0; i--) t.subtree[t.parent[i]!]! += t.subtree[i]!;
  return t;
}

/** The node ids from the root down to `node`. */
export function pathTo(t: FlatTree, node: number): number[] {
  const path: number[] = [];
  for (let n = node; n >= 0; n = t.parent[n]!) path.push(n);
  return path.reverse();
}

/** The node with this name and the largest width (the first in breadth-first order on ties), or -1. */
export function heaviestNamed(t: FlatTree, name: string): number {
  let best = -1;
  for (let i = 0; i < t.count; i++) if (t.names[i] === name && (best < 0 || t.width[i]! > t.width[best]!)) best = i;
  return best;
}
