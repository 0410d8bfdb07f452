import { posix } from 'node:path';
import type { Profile } from '../codec/profile.js';
import { graphValueFormat, renderDot } from './dot.js';
import type { SampleFilters } from './filters.js';
import { filterProfiles } from './filter-samples.js';
import { filteredTotal, selectedSampleIndex } from './from-profile.js';
import { trimmedGraph } from './graph-trim.js';
import { formatValue, pprofPercentage, scaleValue } from './format-units.js';
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time layout "Jan 2, 2006 at 3:04pm (MST)" in the local time zone. */
function profileTime(ms: number): string {
  const d = new Date(ms);
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const h = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} at ${h}:${String(d.getMinutes()).padStart(2, '0')}${d.getHours() < 12 ? 'am' : 'pm'} (${zone})`;
}

/** What the header needs of the merged profiles besides their mapping: time and duration. */
interface ProfileMeta {
  timeNanos: number;
  durationNanos: number;
  /** pprof's total, its unit, and the graph's value format. */
  total: number;
  unit: string;
  format: (v: number) => string;
}

/**
 * The header lines pprof writes above a report (ProfileLabels): File, Build ID, comments, Type,
 * Time, Duration with the total's share of it, then the active filters.
 */
export function reportLabels(profiles: readonly Profile[], type: string, filters?: SampleFilters, meta?: ProfileMeta): string[] {
  const labels: string[] = [];
  const mapping = profiles[0]?.mappings[0];
  if (mapping !== undefined && mapping.filename !== '') labels.push(`File: ${posix.basename(mapping.filename)}`);
  if (mapping !== undefined && mapping.buildId !== '') labels.push(`Build ID: ${mapping.buildId}`);
  for (const c of new Set(profiles.flatMap((p) => p.comments))) if (!c.startsWith('#')) labels.push(c);
  labels.push(`Type: ${type}`);
  if (meta !== undefined && meta.timeNanos !== 0) labels.push(`Time: ${profileTime(meta.timeNanos / 1e6)}`);
  if (meta !== undefined && meta.durationNanos !== 0) {
    const [totalNanos, totalUnit] = scaleValue(meta.total, meta.unit, 'nanoseconds');
    const ratio = totalUnit === 'ns' && totalNanos !== 0 ? `(${pprofPercentage(Math.trunc(totalNanos), meta.durationNanos)})` : '';
    labels.push(`Duration: ${formatValue(meta.durationNanos, 'nanoseconds', 'auto')}, Total samples = ${meta.format(meta.total)} ${ratio}`);
  }
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
  const format = graphValueFormat(g, total);
  const times = unfiltered.map((p) => p.timeNanos).filter((t) => t !== 0);
  const meta = {
    timeNanos: times.length > 0 ? Math.min(...times) : 0, durationNanos: unfiltered.reduce((s, p) => s + p.durationNanos, 0),
    total, unit: g.sampleType.unit, format,
  };
  const dot = renderDot(g, {
    title: mapping !== undefined && mapping.filename !== '' ? posix.basename(mapping.filename) : '',
    labels: reportLabels(unfiltered, g.sampleType.type, options.filters, meta), total, format,
    nodeFraction: options.nodeFraction, edgeFraction: options.edgeFraction,
  });
  return { view, dot };
}
