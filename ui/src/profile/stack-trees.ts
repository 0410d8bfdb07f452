// Flame trees the API does not draw, built in the browser from the stacks of a decoded pprof
// file (the window's /profile, or a local file): the inverted (bottom-up) tree, and the two
// halves of a sandwich for one function. Like pprof, a function that occurs more than once in
// a stack counts at its outermost occurrence only.
import type { FlameNode } from '../../../query/flame.js';
import type { StackSet } from '../../../query/stack-set.js';

interface Building {
  name: string;
  self: number;
  total: number;
  children: Building[];
  byName: Map<string, Building> | undefined;
}

const node = (name: string): Building => ({ name, self: 0, total: 0, children: [], byName: undefined });

function child(parent: Building, name: string): Building {
  parent.byName ??= new Map();
  let c = parent.byName.get(name);
  if (c === undefined) {
    c = node(name);
    parent.byName.set(name, c);
    parent.children.push(c);
  }
  return c;
}

function finish(n: Building): FlameNode {
  const children = n.children.map(finish);
  children.sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name: n.name, self: n.self, total: n.total, children };
}

/** Walks frames from index `from` by `step` while inside [lo, hi], adding `v` along the path under `root`. */
function addPath(root: Building, s: StackSet, from: number, lo: number, hi: number, step: 1 | -1, v: number): void {
  let n = root;
  n.total += v;
  for (let k = from; k >= lo && k <= hi; k += step) {
    n = child(n, s.frames[s.frameIds[k]!]!.name);
    n.total += v;
  }
  n.self += v;
}

/** Bottom-up: the root's children are the leaf functions, their children the callers. */
export function invertedTree(s: StackSet): FlameNode {
  const root = node('total');
  for (let i = 0; i < s.count; i++) {
    const start = s.offsets[i]!, end = s.offsets[i + 1]!;
    if (s.values[i] === 0) continue;
    addPath(root, s, start, start, end - 1, 1, s.values[i]!);
  }
  return finish(root);
}

/** Index of the outermost frame named `name` in stack `i`, or -1. */
function outermost(s: StackSet, i: number, name: string): number {
  for (let k = s.offsets[i + 1]! - 1; k >= s.offsets[i]!; k--) if (s.frames[s.frameIds[k]!]!.name === name) return k;
  return -1;
}

export interface Sandwich {
  /** `name` at the root, its callers as children (then their callers). */
  callers: FlameNode;
  /** `name` at the root, its callees below. */
  callees: FlameNode;
}

export function sandwich(s: StackSet, name: string): Sandwich {
  const callers = node(name), callees = node(name);
  for (let i = 0; i < s.count; i++) {
    const v = s.values[i]!;
    if (v === 0) continue;
    const k = outermost(s, i, name);
    if (k < 0) continue;
    const start = s.offsets[i]!, end = s.offsets[i + 1]!;
    addPath(callers, s, k + 1, start, end - 1, 1, v);
    addPath(callees, s, k - 1, start, end - 1, -1, v);
  }
  return { callers: finish(callers), callees: finish(callees) };
}
