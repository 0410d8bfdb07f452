import type { Profile, ValueType } from '../codec/profile.js';
import { locationFrames, selectedSampleIndex } from './from-profile.js';
import { formatValue } from './format-units.js';
import { numLabelUnits } from './sample-labels.js';
import { FrameInterner } from './stack-set.js';
import type { Frame, Granularity } from './stack-set.js';

/** A label nodelet of a node: samples of one label set (string labels) or one `bytes` value (numeric). */
export interface GraphTag {
  name: string;
  flat: number;
  cum: number;
  /** A numeric tag's first value and its unit ('' and 0 for string-label tags). */
  value: number;
  unit: string;
}

/** A call edge; `residual` when it stands for a path through nodes that were dropped. */
export interface GraphEdge {
  src: GraphNode;
  dest: GraphNode;
  weight: number;
  residual: boolean;
  /** The call was inlined into the caller. */
  inline: boolean;
}

/** A node of pprof's call graph: one function (or function and line). */
export interface GraphNode {
  frame: Frame;
  flat: number;
  cum: number;
  in: Map<GraphNode, GraphEdge>;
  out: Map<GraphNode, GraphEdge>;
  /** String-label tags, keyed by the sample's sorted `key:value` labels. */
  labelTags: Map<string, GraphTag>;
  /** `bytes` tags per string-label set, keyed by the formatted value. */
  numericTags: Map<string, Map<string, GraphTag>>;
}

export interface CallGraph {
  sampleType: ValueType;
  nodes: GraphNode[];
}

/** What the graph is built from: filtered profiles of the same sample types, and one sample type. */
export interface GraphSource {
  profiles: readonly Profile[];
  sampleIndex?: string;
  granularity?: Granularity;
}

/** Each sample's string labels as pprof joins them for tags: sorted `key:value`, joined by a literal `\n`. */
function joinedLabels(profile: Profile, i: number): string {
  const lt = profile.samples.labels;
  const parts: string[] = [];
  for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
    if (lt.str[k] !== 0) parts.push(`${profile.strings[lt.key[k]!]}:${profile.strings[lt.str[k]!]}`);
  }
  return parts.sort().join('\\n');
}

function addTag(map: Map<string, GraphTag>, name: string, value: number, flat: boolean, unit = '', tagValue = 0): void {
  let t = map.get(name);
  if (t === undefined) { t = { name, flat: 0, cum: 0, value: tagValue, unit }; map.set(name, t); }
  if (flat) t.flat += value;
  else t.cum += value;
}

/**
 * pprof's graph.New (not a call tree): one node per frame name; cum counted once per sample,
 * flat on the leaf frame when it was kept; an edge per caller → callee pair, once per sample,
 * `residual` when kept nodes were joined over dropped ones. With `kept`, only frames of those
 * names become nodes. Nodes with neither flat nor cum are left out.
 */
export function buildGraph(source: GraphSource, kept?: ReadonlySet<string>): CallGraph {
  const { profiles } = source;
  const index = selectedSampleIndex(profiles, source.sampleIndex);
  const granularity = source.granularity ?? 'function';
  const interner = new FrameInterner();
  const byFrame = new Map<number, GraphNode | null>();
  const units = numLabelUnits(profiles);
  const bytesUnit = units.get('bytes') ?? 'bytes';
  const nodeOf = (id: number): GraphNode | null => {
    let n = byFrame.get(id);
    if (n === undefined) {
      const frame = interner.frames[id]!;
      n = kept !== undefined && !kept.has(frame.name) ? null : {
        frame, flat: 0, cum: 0, in: new Map(), out: new Map(), labelTags: new Map(), numericTags: new Map(),
      };
      byFrame.set(id, n);
    }
    return n;
  };
  for (const profile of profiles) {
    const frames = locationFrames(profile, granularity, interner);
    const { count, values, stackOffsets, locations } = profile.samples;
    const width = profile.sampleTypes.length;
    const lt = profile.samples.labels;
    for (let i = 0; i < count; i++) {
      const w = values[i * width + index]!;
      if (w === 0) continue;
      const labels = joinedLabels(profile, i);
      const bytes: number[] = [];
      for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
        if (lt.str[k] === 0 && (lt.num[k] !== 0 || lt.numUnit[k] !== 0) && profile.strings[lt.key[k]!] === 'bytes') bytes.push(lt.num[k]!);
      }
      const addSample = (n: GraphNode, flat: boolean) => {
        if (flat) n.flat += w;
        else n.cum += w;
        if (labels !== '') addTag(n.labelTags, labels, w, flat);
        let numeric = n.numericTags.get(labels);
        if (numeric === undefined) { numeric = new Map(); n.numericTags.set(labels, numeric); }
        for (const b of bytes) addTag(numeric, formatValue(b, bytesUnit, 'minimum'), w, flat, bytesUnit, b);
      };
      const seenNode = new Set<GraphNode>();
      const seenEdge = new Map<GraphNode, Set<GraphNode>>();
      let parent: GraphNode | null = null;
      let residual = false;
      for (let k = stackOffsets[i + 1]! - 1; k >= stackOffsets[i]!; k--) {
        const loc = locations[k]!;
        const first = frames.offsets[loc]!, last = frames.offsets[loc + 1]! - 1;
        for (let j = last; j >= first; j--) {
          const n = nodeOf(frames.ids[j]!);
          if (n === null) { residual = true; continue; }
          if (!seenNode.has(n)) { seenNode.add(n); addSample(n, false); }
          if (parent !== null && n !== parent) {
            let callees = seenEdge.get(parent);
            if (callees === undefined) { callees = new Set(); seenEdge.set(parent, callees); }
            if (!callees.has(n)) {
              callees.add(n);
              addEdge(parent, n, w, residual, j !== last);
            }
          }
          parent = n;
          residual = false;
        }
      }
      if (parent !== null && !residual) addSample(parent, true);
    }
  }
  const sampleType = profiles[0]!.sampleTypes[index]!;
  const nodes: GraphNode[] = [];
  for (const n of byFrame.values()) if (n !== null && (n.cum !== 0 || n.flat !== 0)) nodes.push(n);
  return { sampleType, nodes };
}

function addEdge(from: GraphNode, to: GraphNode, weight: number, residual: boolean, inline: boolean): void {
  const e = from.out.get(to);
  if (e !== undefined) {
    e.weight += weight;
    if (residual) e.residual = true;
    if (!inline) e.inline = false;
    return;
  }
  const edge: GraphEdge = { src: from, dest: to, weight, residual, inline };
  from.out.set(to, edge);
  to.in.set(from, edge);
}

/** pprof's edge order: |weight| descending, then source name, then destination name. */
export function sortEdges(edges: Iterable<GraphEdge>): GraphEdge[] {
  return [...edges].sort((a, b) => {
    if (a.weight !== b.weight) return Math.abs(b.weight) - Math.abs(a.weight);
    if (a.src.frame.name !== b.src.frame.name) return a.src.frame.name < b.src.frame.name ? -1 : 1;
    return a.dest.frame.name < b.dest.frame.name ? -1 : a.dest.frame.name > b.dest.frame.name ? 1 : 0;
  });
}

/** pprof's tag order: by |cum| first unless `flat`, then |flat|, then name. */
export function sortTags(tags: GraphTag[], flat: boolean): GraphTag[] {
  return tags.sort((a, b) => {
    if (!flat && a.cum !== b.cum) return Math.abs(b.cum) - Math.abs(a.cum);
    if (a.flat !== b.flat) return Math.abs(b.flat) - Math.abs(a.flat);
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** pprof's FlatNameOrder: |flat| descending, then name, then |cum| descending. */
export function sortByFlat(nodes: GraphNode[]): void {
  nodes.sort((a, b) => {
    if (Math.abs(a.flat) !== Math.abs(b.flat)) return Math.abs(b.flat) - Math.abs(a.flat);
    if (a.frame.name !== b.frame.name) return a.frame.name < b.frame.name ? -1 : 1;
    return Math.abs(b.cum) - Math.abs(a.cum);
  });
}
