import { compareNodes, nodeWeights } from './node-weights.js';
import { stackTotal } from './stack-set.js';
import type { StackSet } from './stack-set.js';

/** pprof's trimming of a text report: `-nodefraction`, `-edgefraction`, `-nodecount`. */
export interface TextTopOptions {
  /** Nodes whose |cum| is under this share of the total are dropped; pprof's default 0.005. */
  nodeFraction?: number;
  /** Caller edges under this share of the total are dropped (they decide the inline marks); default 0.001. */
  edgeFraction?: number;
  /** Keep only the first N nodes after the cut; 0 keeps all (pprof's default for -top). */
  nodeCount?: number;
}

/** A row of pprof's text report: a node, its values and how its callers reach it. */
export interface TextTopRow {
  name: string;
  flat: number;
  cum: number;
  /** `inline` when every kept caller edge into it is an inlined call, `partial-inline` when some are, '' otherwise. */
  inline: '' | 'inline' | 'partial-inline';
}

/** The nodes `go tool pprof -top` prints, with what its header says about trimming. */
export interface TextTop {
  /** Sum of |value| over the stacks (pprof's total). */
  total: number;
  rows: TextTopRow[];
  /** Nodes dropped by the node fraction, and the cut (in the profile's unit). */
  droppedNodes: number;
  nodeCutoff: number;
  /** Nodes left after the cut, before `nodeCount`. */
  origCount: number;
}

export const DEFAULT_NODE_FRACTION = 0.005;
export const DEFAULT_EDGE_FRACTION = 0.001;

/**
 * The nodes and inline marks of `go tool pprof -top` (report.TextItems): nodes whose cum is
 * under the node cutoff are dropped, the rest sorted by flat (then name, then cum) and cut to
 * `nodeCount`; each kept node's caller edges (over dropped frames, counted once per stack) are
 * inline when the node is an inlined frame of its location in every stack that adds the edge.
 */
export function textTop(stacks: StackSet, options: TextTopOptions = {}): TextTop {
  const nodeFraction = options.nodeFraction ?? DEFAULT_NODE_FRACTION;
  const edgeFraction = options.edgeFraction ?? DEFAULT_EDGE_FRACTION;
  const { flat, cum } = nodeWeights(stacks);
  const names = stacks.frames.map((f) => f.name);
  let nodes: number[] = [];
  let flatSum = 0;
  for (let f = 0; f < stacks.frames.length; f++) {
    if (flat[f] === 0 && cum[f] === 0) continue;
    nodes.push(f);
    flatSum += flat[f]!;
  }
  const nodeCutoff = Math.abs(Math.trunc(flatSum * nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(flatSum * edgeFraction));
  let droppedNodes = 0;
  if (nodeCutoff > 0) {
    const kept = nodes.filter((f) => Math.abs(cum[f]!) >= nodeCutoff);
    droppedNodes = nodes.length - kept.length;
    nodes = kept;
  }
  const origCount = nodes.length;
  nodes.sort((a, b) => compareNodes(flat[a]!, names[a]!, cum[a]!, flat[b]!, names[b]!, cum[b]!));
  const nodeCount = options.nodeCount ?? 0;
  if (nodeCount > 0 && nodes.length > nodeCount) nodes = nodes.slice(0, nodeCount);
  const marks = inlineMarks(stacks, nodes, edgeCutoff);
  return {
    total: stackTotal(stacks), droppedNodes, nodeCutoff, origCount,
    rows: nodes.map((f) => ({ name: names[f]!, flat: flat[f]!, cum: cum[f]!, inline: marks.get(f) ?? '' })),
  };
}

/** pprof's graph edges between kept nodes, then the inline mark of each node from its incoming edges. */
function inlineMarks(stacks: StackSet, kept: readonly number[], edgeCutoff: number): Map<number, TextTopRow['inline']> {
  const isKept = new Uint8Array(stacks.frames.length);
  for (const f of kept) isKept[f] = 1;
  // Edge parent → child: weight and whether every stack that added it reached the child inlined.
  const edges = new Map<string, { child: number; weight: number; inline: boolean }>();
  const { offsets, frameIds, values } = stacks;
  const inlined = stacks.inlined;
  for (let i = 0; i < stacks.count; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    const seen = new Set<string>();
    let parent = -1;
    // Root first, as pprof walks a sample.
    for (let k = offsets[i + 1]! - 1; k >= offsets[i]!; k--) {
      const n = frameIds[k]!;
      if (isKept[n] === 0) continue;
      if (parent >= 0 && n !== parent) {
        const key = `${parent},${n}`;
        if (!seen.has(key)) {
          seen.add(key);
          const inline = inlined !== undefined && inlined[k] === 1;
          const e = edges.get(key);
          if (e === undefined) edges.set(key, { child: n, weight: v, inline });
          else {
            e.weight += v;
            if (!inline) e.inline = false;
          }
        }
      }
      parent = n;
    }
  }
  const flags = new Map<number, { inline: boolean; noinline: boolean }>();
  for (const e of edges.values()) {
    if (Math.abs(e.weight) < edgeCutoff) continue;
    const f = flags.get(e.child) ?? { inline: false, noinline: false };
    if (e.inline) f.inline = true;
    else f.noinline = true;
    flags.set(e.child, f);
  }
  const marks = new Map<number, TextTopRow['inline']>();
  for (const [child, f] of flags) if (f.inline) marks.set(child, f.noinline ? 'partial-inline' : 'inline');
  return marks;
}
