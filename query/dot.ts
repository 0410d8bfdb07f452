import { posix } from 'node:path';
import { sortEdges, sortTags } from './graph.js';
import type { GraphEdge, GraphNode, GraphTag } from './graph.js';
import { MAX_NODELETS } from './graph-trim.js';
import type { TrimmedGraph } from './graph-trim.js';
import { formatValue, pprofPercentage, scaleValue } from './format-units.js';

/** What the legend and percentages of a DOT graph need besides the graph. */
export interface DotReport {
  /** The graph's name: the main binary's base name, or '' for "unnamed". */
  title: string;
  /** Lines of the legend before "Showing nodes…": File, Type, Time, Duration, Active filters. */
  labels: readonly string[];
  /** pprof's total (of the samples before filters). */
  total: number;
  nodeFraction: number;
  edgeFraction: number;
  /** How values are printed: {@link graphValueFormat}. */
  format: (v: number) => string;
}

/** Escapes `"` and `\` and turns newlines into Graphviz's left-justified `\l`, as pprof does. */
export function escapeForDot(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\l');
}

const CPP_ANONYMOUS = /^\(anonymous namespace\)::/;
const GO_VERSION = /^(.*?)\/v(?:[2-9]|[1-9][0-9]+)([./].*)$/s;
const SHORTENERS = [
  /^(?:[\w\-.]+\/)+(.+)/s,
  /^(?:[a-z]\w*\.)*([A-Z][\w$]*\.(?:<init>|[a-z][\w$]*(?:\$\d+)?))(?:\(|$)/,
  /^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)/s,
];

/** pprof's ShortenFunctionName: drops Go package paths, Java packages and C++ namespaces. */
export function shortenFunctionName(name: string): string {
  const f = name.replace(CPP_ANONYMOUS, '').replace(GO_VERSION, '$1$2');
  for (const re of SHORTENERS) {
    const m = re.exec(f);
    if (m && m.length >= 2) return m.slice(1).join('');
  }
  return f;
}

function multilineName(node: GraphNode): string {
  const { frame } = node;
  const parts: string[] = [];
  if (frame.functionName !== '') {
    parts.push(escapeForDot(shortenFunctionName(frame.functionName)).replace(/::/g, '\\n').replace(/\[\.\.\.\]/g, '[…]').replace(/\./g, '\\n'));
  }
  if (frame.line !== 0) parts.push(`${posix.basename(frame.file)}:${frame.line}`);
  else if (frame.functionName === '') parts.push(frame.name);
  return `${parts.join('\\n')}\\n`;
}

/** pprof's dotColor: grey for light nodes, towards red for heavy ones (green for negative). */
export function dotColor(score: number, background: boolean): string {
  const shift = 0.7;
  let saturation = background ? 0.1 : 1.0;
  const value = background ? 0.93 : 0.7;
  let s = Math.max(-1, Math.min(1, score));
  if (Math.abs(s) < 0.2) saturation *= Math.abs(s) / 0.2;
  if (s > 0) s = s ** (1 - shift);
  if (s < 0) s = -((-s) ** (1 - shift));
  let r: number, g: number;
  if (s < 0) { g = value; r = value * (1 + saturation * s); } else { r = value; g = value * (1 - saturation * s); }
  const b = value * (1 - saturation);
  const hex = (x: number) => (Math.trunc(x * 255) & 0xff).toString(16).padStart(2, '0');
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

/** Values as a graph prints them: scaled to the unit pprof's selectOutputUnit picks for the graph. */
export function graphValueFormat(g: TrimmedGraph, total: number): (v: number) => string {
  const unit = outputUnit(g, total);
  return (v) => formatValue(v, g.sampleType.unit, unit);
}

/** pprof's selectOutputUnit: the unit of the smallest value, unless it is under 1 % of the total. */
function outputUnit(g: TrimmedGraph, total: number): string {
  const unit = g.sampleType.unit;
  let min = 0;
  for (const n of g.nodes) {
    let m = Math.abs(n.flat);
    if (m === 0) m = Math.abs(n.cum);
    if (m > 0 && (min === 0 || m < min)) min = m;
  }
  if (min === 0) min = total;
  const minUnit = scaleValue(min, unit, 'minimum')[1];
  const maxUnit = scaleValue(total, unit, 'minimum')[1];
  let chosen = minUnit;
  if (minUnit !== maxUnit && min * 100 < total) chosen = scaleValue(100 * min, unit, 'minimum')[1];
  return chosen !== '' ? chosen : unit;
}

const pct = (v: number, total: number) => pprofPercentage(v, total).trim();

function tagDistance(t: GraphTag, u: GraphTag): number {
  const v = scaleValue(u.value, u.unit, t.unit)[0];
  return Math.abs(v - t.value);
}

/** pprof's tagGroupLabel: one value, or `min..max` of a group, with the group's weights. */
function tagGroup(group: GraphTag[]): GraphTag {
  const first = group[0]!;
  if (group.length === 1) return { ...first, name: formatValue(first.value, first.unit, 'auto') };
  let min = first, max = first, flat = 0, cum = 0;
  for (const t of group) {
    if (t !== first && Math.trunc(scaleValue(t.value, t.unit, min.unit)[0]) < min.value) min = t;
    if (t !== first && Math.trunc(scaleValue(t.value, t.unit, max.unit)[0]) > max.value) max = t;
    flat += t.flat;
    cum += t.cum;
  }
  return { name: `${formatValue(min.value, min.unit, 'auto')}..${formatValue(max.value, max.unit, 'auto')}`, flat, cum, value: 0, unit: '' };
}

/** pprof's collapsedTags: at most `count` numeric tags, the rest grouped with the nearest. */
function collapsedTags(tags: GraphTag[], count: number, flat: boolean): GraphTag[] {
  const sorted = sortTags(tags, flat);
  if (sorted.length <= count) return sorted;
  const groups = sorted.slice(0, count).map((t) => [t]);
  for (const t of sorted.slice(count)) {
    let g = 0, d = tagDistance(t, groups[0]![0]!);
    for (let i = 1; i < count; i++) {
      const nd = tagDistance(t, groups[i]![0]!);
      if (nd < d) { g = i; d = nd; }
    }
    groups[g]!.push(t);
  }
  return sortTags(groups.map(tagGroup), flat);
}

function numericNodelets(tags: GraphTag[], flat: boolean, source: string, format: (v: number) => string): string[] {
  const out: string[] = [];
  collapsedTags(tags, MAX_NODELETS, flat).forEach((t, j) => {
    const plain = flat || t.flat === t.cum;
    const w = plain ? t.flat : t.cum;
    if (w === 0) return;
    const weight = format(w);
    out.push(`N${source}_${j} [label = "${t.name}" id="N${source}_${j}" fontsize=8 shape=box3d tooltip="${weight}"]`);
    out.push(`${source} -> N${source}_${j} [label=" ${weight}" weight=100 tooltip="${weight}" labeltooltip="${weight}"${plain ? '' : ' style="dotted"'}]`);
  });
  return out;
}

/** pprof's addNodelets: a node's heaviest label sets and `bytes` values, flat for inner nodes, cum for leaves. */
function nodelets(n: GraphNode, id: number, format: (v: number) => string): string[] {
  const out: string[] = [];
  const flat = n.out.size > 0;
  const labelTags = sortTags([...n.labelTags.values()], flat).slice(0, MAX_NODELETS);
  labelTags.forEach((t, i) => {
    const w = flat ? t.flat : t.cum;
    if (w === 0) return;
    const weight = format(w);
    out.push(`N${id}_${i} [label = "${t.name}" id="N${id}_${i}" fontsize=8 shape=box3d tooltip="${weight}"]`);
    out.push(`N${id} -> N${id}_${i} [label=" ${weight}" weight=100 tooltip="${weight}" labeltooltip="${weight}"]`);
    const numeric = [...(n.numericTags.get(t.name)?.values() ?? [])];
    if (numeric.length > 0) out.push(...numericNodelets(numeric, flat, `N${id}_${i}`, format));
  });
  const unlabelled = [...(n.numericTags.get('')?.values() ?? [])];
  if (unlabelled.length > 0) out.push(...numericNodelets(unlabelled, flat, `N${id}`, format));
  return out;
}

/** The legend's closing lines, as pprof's reportLabels writes them for a graph. */
export function graphLegend(g: TrimmedGraph, report: DotReport): string[] {
  const { format } = report;
  const flatSum = g.nodes.reduce((s, n) => s + n.flat, 0);
  const lines = [...report.labels, `Showing nodes accounting for ${format(flatSum)}, ${pct(flatSum, report.total)} of ${format(report.total)} total`];
  if (report.total !== 0) {
    const dropped = (d: number, what: string, l: string, fraction: number) =>
      `Dropped ${d} ${d > 1 ? `${what}s` : what} (${l} <= ${format(Math.abs(Math.trunc(report.total * fraction)))})`;
    if (g.droppedNodes > 0) lines.push(dropped(g.droppedNodes, 'node', 'cum', report.nodeFraction));
    if (g.droppedEdges > 0) lines.push(dropped(g.droppedEdges, 'edge', 'freq', report.edgeFraction));
    if (g.nodes.length > 0 && g.nodes.length < g.origCount) lines.push(`Showing top ${g.nodes.length} nodes out of ${g.origCount}`);
  }
  return lines;
}

/**
 * The graph in Graphviz DOT, laid out as `go tool pprof -dot` writes it: a legend, one box per
 * node (`flat (flat%) of cum (cum%)`, font size by flat, colour by cum), edges by weight (dotted
 * when residual, marked when inlined), with label nodelets (label sets and `bytes` values).
 */
export function renderDot(g: TrimmedGraph, report: DotReport): string {
  const { format, total } = report;
  const out: string[] = [];
  out.push(`digraph "${report.title === '' ? 'unnamed' : report.title}" {`);
  out.push('node [style=filled fillcolor="#f8f8f8"]');
  const legend = [...graphLegend(g, report), '\nSee https://git.io/JfYMW for how to read the graph'];
  out.push(`subgraph cluster_L { "${escapeForDot(legend[0]!)}" [shape=box fontsize=16 label="${legend.map(escapeForDot).join('\\l')}\\l"${report.title === '' ? '' : ` tooltip="${report.title}"`}] }`);
  const ids = new Map<GraphNode, number>();
  let maxFlat = g.nodes.length > 0 ? Math.abs(g.nodes[0]!.flat) : 0;
  g.nodes.forEach((n, i) => { ids.set(n, i + 1); maxFlat = Math.max(maxFlat, Math.abs(n.flat)); });
  const edges: GraphEdge[] = [];
  const withNodelets = new Set<GraphNode>();
  for (const n of g.nodes) {
    const flatValue = format(n.flat);
    let label = multilineName(n) + (n.flat !== 0 ? `${flatValue} (${pct(n.flat, total)})` : '0');
    let cumValue = flatValue;
    if (n.cum !== n.flat) {
      cumValue = format(n.cum);
      label += `${n.flat !== 0 ? '\\n' : ' '}of ${cumValue} (${pct(n.cum, total)})`;
    }
    let fontSize = 8;
    if (maxFlat !== 0 && n.flat !== 0 && Math.abs(n.flat) <= maxFlat) fontSize += Math.ceil(16 * Math.sqrt(Math.abs(n.flat) / maxFlat));
    const score = n.cum / Math.abs(total);
    out.push(`N${ids.get(n)} [label="${label}" id="node${ids.get(n)}" fontsize=${fontSize} shape=box tooltip="${escapeForDot(n.frame.name)} (${cumValue})" color="${dotColor(score, false)}" fillcolor="${dotColor(score, true)}"]`);
    const lets = nodelets(n, ids.get(n)!, format);
    if (lets.length > 0) withNodelets.add(n);
    out.push(...lets);
    edges.push(...n.out.values());
  }
  for (const e of sortEdges(edges)) {
    const w = format(e.weight);
    let attr = `label=" ${w}${e.inline ? '\\n (inline)' : ''}"`;
    if (total !== 0) {
      const weight = 1 + Math.min(Math.abs(Math.trunc((e.weight * 100) / total)), 100);
      if (weight > 1) attr += ` weight=${weight}`;
      const width = 1 + Math.min(Math.abs(Math.trunc((e.weight * 5) / total)), 5);
      if (width > 1) attr += ` penwidth=${width}`;
      attr += ` color="${dotColor(e.weight / Math.abs(total), false)}"`;
    }
    const tooltip = `"${escapeForDot(e.src.frame.name)} ${e.residual ? '...' : '->'} ${escapeForDot(e.dest.frame.name)} (${w})"`;
    attr += ` tooltip=${tooltip} labeltooltip=${tooltip}`;
    if (e.residual) attr += ' style="dotted"';
    if (withNodelets.has(e.src)) attr += ' minlen=2';
    out.push(`N${ids.get(e.src)} -> N${ids.get(e.dest)} [${attr}]`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
