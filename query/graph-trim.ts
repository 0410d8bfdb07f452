import { buildGraph, sortByFlat, sortEdges } from './graph.js';
import type { CallGraph, GraphEdge, GraphNode, GraphSource, GraphTag } from './graph.js';

/** How pprof trims a graph: `-nodecount`, `-nodefraction`, `-edgefraction`. */
export interface TrimOptions {
  nodeCount: number;
  nodeFraction: number;
  edgeFraction: number;
}

/** A trimmed graph and what was dropped, for the legend. */
export interface TrimmedGraph extends CallGraph {
  /** Nodes before `nodeCount` selected the top ones. */
  origCount: number;
  droppedNodes: number;
  droppedEdges: number;
  nodeCutoff: number;
  edgeCutoff: number;
}

/** Labels a node can show as nodelets at most. */
export const MAX_NODELETS = 4;

/** Go's math.Log2: exact for powers of two. */
function log2(x: number): number {
  let exp = Math.floor(Math.log2(x)) + 1;
  let frac = x / 2 ** exp;
  if (frac >= 1) { frac /= 2; exp++; } else if (frac < 0.5) { frac *= 2; exp--; }
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * (1 / Math.LN2) + exp;
}

function edgeEntropyScore(edges: Map<GraphNode, GraphEdge>, self: number): number {
  let score = 0;
  let total = self;
  for (const e of edges.values()) if (e.weight > 0) total += Math.abs(e.weight);
  if (total !== 0) {
    for (const e of edges.values()) {
      const frac = Math.abs(e.weight) / total;
      score += -frac * log2(frac);
    }
    if (self > 0) {
      const frac = Math.abs(self) / total;
      score += -frac * log2(frac);
    }
  }
  return score;
}

/** pprof's entropyScore: favours entry and leaf nodes and nodes whose edges spread the weight. */
function entropyScore(n: GraphNode): number {
  let score = 0;
  score += n.in.size === 0 ? 1 : edgeEntropyScore(n.in, 0);
  score += n.out.size === 0 ? 1 : edgeEntropyScore(n.out, n.flat);
  return Math.trunc(score * n.cum) + n.flat;
}

/** pprof's EntropyOrder, the order of visual graphs. */
function sortByEntropy(nodes: GraphNode[]): void {
  const score = new Map(nodes.map((n) => [n, entropyScore(n)]));
  nodes.sort((a, b) => {
    const sa = Math.abs(score.get(a)!), sb = Math.abs(score.get(b)!);
    if (sa !== sb) return sb - sa;
    if (a.frame.name !== b.frame.name) return a.frame.name < b.frame.name ? -1 : 1;
    return Math.abs(b.flat) - Math.abs(a.flat);
  });
}

function trimTags(tags: Map<string, GraphTag>, min: number): Map<string, GraphTag> {
  const kept = new Map<string, GraphTag>();
  for (const [k, t] of tags) if (Math.abs(t.flat) >= min || Math.abs(t.cum) >= min) kept.set(k, t);
  return kept;
}

function trimLowFrequencyTags(g: CallGraph, cutoff: number): void {
  for (const n of g.nodes) {
    n.labelTags = trimTags(n.labelTags, cutoff);
    for (const [k, t] of n.numericTags) n.numericTags.set(k, trimTags(t, cutoff));
  }
}

function trimLowFrequencyEdges(g: CallGraph, cutoff: number): number {
  let dropped = 0;
  for (const n of g.nodes) {
    for (const [src, e] of n.in) {
      if (Math.abs(e.weight) < cutoff) {
        n.in.delete(src);
        src.out.delete(n);
        dropped++;
      }
    }
  }
  return dropped;
}

function countTags(n: GraphNode): number {
  let count = 0;
  for (const t of n.labelTags.values()) if (t.flat !== 0) count++;
  for (const tags of n.numericTags.values()) for (const t of tags.values()) if (t.flat !== 0) count++;
  return count;
}

/** pprof's selectTopNodes: the first `max` nodes; a visual graph counts each node's nodelets too. */
function selectTopNodes(nodes: GraphNode[], max: number, visual: boolean): GraphNode[] {
  let limit = max;
  if (limit > 0 && visual) {
    let count = 0;
    for (let i = 0; i < nodes.length; i++) {
      count += Math.min(countTags(nodes[i]!), MAX_NODELETS) + 1;
      if (count >= limit) { limit = i + 1; break; }
    }
  }
  return nodes.slice(0, Math.min(limit, nodes.length));
}

function isRedundantEdge(e: GraphEdge): boolean {
  const src = e.src;
  const seen = new Set<GraphNode>([e.dest]);
  const queue: GraphNode[] = [e.dest];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const ie of n.in.values()) {
      if (ie === e || seen.has(ie.src)) continue;
      if (ie.src === src) return true;
      seen.add(ie.src);
      queue.push(ie.src);
    }
  }
  return false;
}

/** pprof's RemoveRedundantEdges: residual edges whose destination is reachable another way go. */
function removeRedundantEdges(g: CallGraph): void {
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const incoming = sortEdges(g.nodes[i]!.in.values());
    for (let j = incoming.length - 1; j >= 0; j--) {
      const e = incoming[j]!;
      if (!e.residual) break;
      if (isRedundantEdge(e)) {
        e.src.out.delete(e.dest);
        e.dest.in.delete(e.src);
      }
    }
  }
}

const names = (nodes: readonly GraphNode[]) => new Set(nodes.map((n) => n.frame.name));

/**
 * pprof's newTrimmedGraph (report.go): drops nodes whose |cum| is under `nodeFraction` of the
 * graph's flat sum and rebuilds, sorts (entropy order when `visual`, as `-dot` does; flat
 * order otherwise), keeps the top `nodeCount` nodes and rebuilds, then drops light tags and
 * edges under `edgeFraction`, and, when visual, residual edges that another path makes redundant.
 */
export function trimmedGraph(source: GraphSource, options: TrimOptions, visual: boolean): TrimmedGraph {
  let g = buildGraph(source);
  const sort = visual ? sortByEntropy : sortByFlat;
  const totalValue = g.nodes.reduce((s, n) => s + n.flat, 0);
  const nodeCutoff = Math.abs(Math.trunc(totalValue * options.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(totalValue * options.edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = g.nodes.filter((n) => Math.abs(n.cum) >= nodeCutoff);
    if (kept.length !== g.nodes.length) {
      droppedNodes = g.nodes.length - kept.length;
      g = buildGraph(source, names(kept));
    }
  }
  const origCount = g.nodes.length;
  sort(g.nodes);
  if (options.nodeCount > 0) {
    trimLowFrequencyTags(g, nodeCutoff);
    trimLowFrequencyEdges(g, edgeCutoff);
    const top = selectTopNodes(g.nodes, options.nodeCount, visual);
    if (top.length !== g.nodes.length) {
      g = buildGraph(source, names(top));
      sort(g.nodes);
    }
  }
  trimLowFrequencyTags(g, nodeCutoff);
  const droppedEdges = trimLowFrequencyEdges(g, edgeCutoff);
  if (visual) removeRedundantEdges(g);
  return { ...g, origCount, droppedNodes, droppedEdges, nodeCutoff, edgeCutoff };
}
