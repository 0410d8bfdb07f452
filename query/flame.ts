import type { StackSet } from './stack-set.js';

/** A node of the flame tree: root → callees. `total` includes `self`. */
export interface FlameNode {
  name: string;
  self: number;
  total: number;
  children: FlameNode[];
}

export interface FlameGraph {
  type: string;
  unit: string;
  total: number;
  root: FlameNode;
}

interface MutableNode extends FlameNode {
  byFrame: Map<number, MutableNode> | null;
}

function newNode(name: string): MutableNode {
  return { name, self: 0, total: 0, children: [], byFrame: null };
}

/** Adds each stack to the tree, root first; the caller supplies the value per stack. */
export function addStacks(root: MutableNode, stacks: StackSet, value: (i: number) => number): void {
  const { offsets, frameIds, frames } = stacks;
  for (let i = 0; i < stacks.count; i++) {
    const v = value(i);
    if (v === 0) continue;
    let node = root;
    node.total += v;
    for (let k = offsets[i + 1]! - 1; k >= offsets[i]!; k--) {
      const f = frameIds[k]!;
      node.byFrame ??= new Map();
      let child = node.byFrame.get(f);
      if (child === undefined) {
        child = newNode(frames[f]!.name);
        node.byFrame.set(f, child);
        node.children.push(child);
      }
      child.total += v;
      node = child;
    }
    node.self += v;
  }
}

function finish(node: MutableNode): FlameNode {
  const children = node.children.map((c) => finish(c as MutableNode));
  children.sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name: node.name, self: node.self, total: node.total, children };
}

/** The flame tree of a stack set; the root is named `total`. */
export function flameGraph(stacks: StackSet): FlameGraph {
  const root = newNode('total');
  addStacks(root, stacks, (i) => stacks.values[i]!);
  return { type: stacks.sampleType.type, unit: stacks.sampleType.unit, total: root.total, root: finish(root) };
}

/** The name of the node that stands for trimmed siblings. */
export const OTHER_NODE = '(other)';

/**
 * Keeps at most `maxNodes` nodes, the heaviest first (a node is kept only with its parent);
 * the trimmed children of each node are summed into one honest `(other)` child, so every
 * node's total still equals its self plus its children.
 */
export function trimFlame(root: FlameNode, maxNodes: number): FlameNode {
  const kept = new Set<FlameNode>([root]);
  const frontier: FlameNode[] = [...root.children];
  while (frontier.length > 0 && kept.size < maxNodes) {
    let best = 0;
    for (let i = 1; i < frontier.length; i++) {
      if (Math.abs(frontier[i]!.total) > Math.abs(frontier[best]!.total)) best = i;
    }
    const node = frontier[best]!;
    frontier[best] = frontier[frontier.length - 1]!;
    frontier.pop();
    kept.add(node);
    for (const c of node.children) frontier.push(c);
  }
  const copy = (node: FlameNode): FlameNode => {
    const children: FlameNode[] = [];
    let otherTotal = 0;
    for (const c of node.children) {
      if (kept.has(c)) children.push(copy(c));
      else otherTotal += c.total;
    }
    if (otherTotal !== 0) children.push({ name: OTHER_NODE, self: otherTotal, total: otherTotal, children: [] });
    return { name: node.name, self: node.self, total: node.total, children };
  };
  return copy(root);
}
