import { posix } from 'node:path';
import type { Profile } from '../codec/profile.js';
import { renderDot } from './dot.js';
import type { SampleFilters } from './filters.js';
import { filterProfiles } from './filters.js';
import { filteredTotal, selectedSampleIndex } from './from-profile.js';
import { trimmedGraph } from './graph-trim.js';
import type { TrimOptions } from './graph-trim.js';
import type { Granularity } from './stack-set.js';

export interface CallGraphOptions extends TrimOptions {
  sampleIndex?: string;
  granularity?: Granularity;
  filters?: SampleFilters;
}

/** The call graph as data: nodes in pprof's order (ids from 1, as in the DOT), edges by weight. */
export interface CallGraphView {
  type: string;
  unit: string;
  /** pprof's total: of the samples before filters. */
  total: number;
  nodes: { id: number; name: string; flat: number; cum: number }[];
  edges: { from: number; to: number; weight: number; residual: boolean; inline: boolean }[];
}

/** The header lines pprof writes above a report: File, Type and the active filters. */
export function reportLabels(profiles: readonly Profile[], type: string, filters?: SampleFilters): string[] {
  const labels: string[] = [];
  const mapping = profiles[0]?.mappings[0];
  if (mapping !== undefined && mapping.filename !== '') labels.push(`File: ${posix.basename(mapping.filename)}`);
  if (mapping !== undefined && mapping.buildId !== '') labels.push(`Build ID: ${mapping.buildId}`);
  labels.push(`Type: ${type}`);
  if (filters !== undefined && filters.active.length > 0) {
    labels.push('Active filters:', ...filters.active.map((f) => `   ${f.length > 80 ? `${f.slice(0, 80)}…` : f}`));
  }
  return labels;
}

/**
 * `go tool pprof -dot` of profiles (merged, filtered): the trimmed call graph as data and as
 * Graphviz DOT.
 */
export function callGraph(unfiltered: readonly Profile[], options: CallGraphOptions): { view: CallGraphView; dot: string } {
  const index = selectedSampleIndex(unfiltered, options.sampleIndex);
  const profiles = filterProfiles(unfiltered, options.filters);
  const total = filteredTotal(unfiltered, profiles, index, options.filters);
  const g = trimmedGraph({ profiles, sampleIndex: String(index), granularity: options.granularity ?? 'function' }, options, true);
  const ids = new Map(g.nodes.map((n, i) => [n, i + 1]));
  const view: CallGraphView = {
    type: g.sampleType.type, unit: g.sampleType.unit, total,
    nodes: g.nodes.map((n, i) => ({ id: i + 1, name: n.frame.name, flat: n.flat, cum: n.cum })),
    edges: g.nodes.flatMap((n) => [...n.out.values()]).map((e) => ({
      from: ids.get(e.src)!, to: ids.get(e.dest)!, weight: e.weight, residual: e.residual, inline: e.inline,
    })),
  };
  view.edges.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.from - b.from || a.to - b.to);
  const mapping = unfiltered[0]?.mappings[0];
  const dot = renderDot(g, {
    title: mapping !== undefined && mapping.filename !== '' ? posix.basename(mapping.filename) : '',
    labels: reportLabels(unfiltered, g.sampleType.type, options.filters), total,
    nodeFraction: options.nodeFraction, edgeFraction: options.edgeFraction,
  });
  return { view, dot };
}
