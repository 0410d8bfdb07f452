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

/** A node being built: its children by frame name. */
export interface GrowingNode<N> {
  children: N[];
  byName: Map<string, N> | null;
}

/**
 * Adds each stack of `stacks` to a tree, root first: every node on the path gets
 * `add(node, value, false)`, and the leaf frame's node `add(node, value, true)` too.
 * Values are multiplied by `scale`; zero values are skipped.
 */
export function addStacks<N extends GrowingNode<N>>(
  root: N, stacks: StackSet, make: (name: string) => N, add: (node: N, value: number, self: boolean) => void, scale = 1,
): void {
  const { offsets, frameIds, frames, values } = stacks;
  for (let i = 0; i < stacks.count; i++) {
    const v = values[i]! * scale;
    if (v === 0) continue;
    let node = root;
    add(node, v, false);
    for (let k = offsets[i + 1]! - 1; k >= offsets[i]!; k--) {
      const name = frames[frameIds[k]!]!.name;
      node.byName ??= new Map();
      let child = node.byName.get(name);
      if (child === undefined) {
        child = make(name);
        node.byName.set(name, child);
        node.children.push(child);
      }
      add(child, v, false);
      node = child;
    }
    add(node, v, true);
  }
}

interface MutableNode extends FlameNode, GrowingNode<MutableNode> {
  children: MutableNode[];
}

function newNode(name: string): MutableNode {
  return { name, self: 0, total: 0, children: [], byName: null };
}

function addValue(node: MutableNode, value: number, self: boolean): void {
  if (self) node.self += value;
  else node.total += value;
}

function finish(node: MutableNode): FlameNode {
  const children = node.children.map(finish);
  children.sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name: node.name, self: node.self, total: node.total, children };
}

/** The flame tree of a stack set; the root is named `total`. */
export function flameGraph(stacks: StackSet): FlameGraph {
  const root = newNode('total');
  addStacks(root, stacks, newNode, addValue);
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
