import type { GoRegexp } from './go-regexp.js';
import { buildGraph, sortByFlat, sortEdges } from './graph.js';
import type { GraphSource } from './graph.js';
import { percent } from './node-weights.js';

/** A caller or callee of a peeked node, with its weight and share of the node's cum. */
export interface PeekEdge {
  name: string;
  weight: number;
  /** weight ÷ the node's cum × 100, as pprof prints `calls%`. */
  pct: number;
  inline: boolean;
}

export interface PeekRow {
  name: string;
  flat: number;
  flatPct: number;
  /** Running sum of flat% over the matched nodes only, as pprof -peek prints it. */
  sumPct: number;
  cum: number;
  cumPct: number;
  callers: PeekEdge[];
  callees: PeekEdge[];
}

export interface PeekResult {
  type: string;
  unit: string;
  total: number;
  /** Flat of every node of the graph (the "Showing nodes accounting for" line). */
  shown: number;
  rows: PeekRow[];
}

/**
 * `go tool pprof -peek REGEX`: every node whose printable name matches, in flat order, with
 * its callers and callees and their weights (untrimmed graph). `total` is pprof's total: of the
 * samples before filters.
 */
export function peek(source: GraphSource, regex: GoRegexp, total: number): PeekResult {
  const g = buildGraph(source);
  sortByFlat(g.nodes);
  const rows: PeekRow[] = [];
  let flatSum = 0;
  for (const n of g.nodes) {
    if (!regex.test(n.frame.name)) continue;
    flatSum += n.flat;
    const edge = (name: string, weight: number, inline: boolean): PeekEdge => ({ name, weight, pct: percent(weight, n.cum), inline });
    rows.push({
      name: n.frame.name, flat: n.flat, flatPct: percent(n.flat, total), sumPct: percent(flatSum, total),
      cum: n.cum, cumPct: percent(n.cum, total),
      callers: sortEdges(n.in.values()).map((e) => edge(e.src.frame.name, e.weight, e.inline)),
      callees: sortEdges(n.out.values()).map((e) => edge(e.dest.frame.name, e.weight, e.inline)),
    });
  }
  return {
    type: g.sampleType.type, unit: g.sampleType.unit, total,
    shown: g.nodes.reduce((s, n) => s + n.flat, 0), rows,
  };
}
