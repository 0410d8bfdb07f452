import { describeSampleTypes } from '../codec/sample-types.js';
import { SampleTypeMismatch } from '../common/errors.js';
import { addStacks } from './flame.js';
import type { GrowingNode } from './flame.js';
import { compareNodes, nodeWeights, percent } from './node-weights.js';
import { stackTotal } from './stack-set.js';
import type { StackSet } from './stack-set.js';

export interface DiffRow {
  name: string;
  file: string;
  line?: number;
  baseFlat: number;
  flat: number;
  deltaFlat: number;
  /** deltaFlat as a percentage of the base total, as `go tool pprof -diff_base` prints it. */
  deltaFlatPct: number;
  baseCum: number;
  cum: number;
  deltaCum: number;
  deltaCumPct: number;
}

/** A diff flame node: current and base values on the same path. */
export interface DiffNode {
  name: string;
  self: number;
  total: number;
  baseSelf: number;
  baseTotal: number;
  children: DiffNode[];
}

export interface DiffResult {
  type: string;
  unit: string;
  base: { total: number };
  current: { total: number };
  /** The factor applied to base values (1 unless normalized). */
  baseScale: number;
  rows: DiffRow[];
  root: DiffNode;
}

export interface DiffOptions {
  /** Scale the base to the current total before subtracting (pprof `-normalize`). */
  normalize?: boolean;
}

/**
 * Current − base per function (or line) and per flame node. Rows are ordered as
 * `go tool pprof -diff_base` orders them; rows whose flat and cum both net to zero are left
 * out, as pprof leaves them out. Percentages are relative to the (scaled) base total.
 */
export function diffStacks(base: StackSet, current: StackSet, options: DiffOptions = {}): DiffResult {
  if (base.sampleType.type !== current.sampleType.type || base.sampleType.unit !== current.sampleType.unit) {
    throw new SampleTypeMismatch(describeSampleTypes([base.sampleType]), describeSampleTypes([current.sampleType]));
  }
  const baseTotal = stackTotal(base), currentTotal = stackTotal(current);
  const scale = options.normalize && baseTotal !== 0 ? currentTotal / baseTotal : 1;
  const bw = nodeWeights(base), cw = nodeWeights(current);

  type Acc = { name: string; file: string; line: number; baseFlat: number; flat: number; baseCum: number; cum: number };
  const byName = new Map<string, Acc>();
  const acc = (name: string, file: string, line: number): Acc => {
    let a = byName.get(name);
    if (!a) { a = { name, file, line, baseFlat: 0, flat: 0, baseCum: 0, cum: 0 }; byName.set(name, a); }
    return a;
  };
  base.frames.forEach((f, id) => { const a = acc(f.name, f.file, f.line); a.baseFlat += bw.flat[id]! * scale; a.baseCum += bw.cum[id]! * scale; });
  current.frames.forEach((f, id) => { const a = acc(f.name, f.file, f.line); a.flat += cw.flat[id]!; a.cum += cw.cum[id]!; });

  const scaledBaseTotal = baseTotal * scale;
  const rows: DiffRow[] = [];
  for (const a of byName.values()) {
    const deltaFlat = a.flat - a.baseFlat, deltaCum = a.cum - a.baseCum;
    if (deltaFlat === 0 && deltaCum === 0) continue;
    const row: DiffRow = {
      name: a.name, file: a.file, baseFlat: a.baseFlat, flat: a.flat, deltaFlat,
      deltaFlatPct: percent(deltaFlat, scaledBaseTotal), baseCum: a.baseCum, cum: a.cum, deltaCum,
      deltaCumPct: percent(deltaCum, scaledBaseTotal),
    };
    if (current.granularity === 'line') row.line = a.line;
    rows.push(row);
  }
  rows.sort((x, y) => compareNodes(x.deltaFlat, x.name, x.deltaCum, y.deltaFlat, y.name, y.deltaCum));
  return {
    type: current.sampleType.type, unit: current.sampleType.unit,
    base: { total: baseTotal }, current: { total: currentTotal }, baseScale: scale, rows,
    root: diffTree(base, current, scale),
  };
}

interface MutableDiffNode extends DiffNode, GrowingNode<MutableDiffNode> {
  children: MutableDiffNode[];
}

function newDiffNode(name: string): MutableDiffNode {
  return { name, self: 0, total: 0, baseSelf: 0, baseTotal: 0, children: [], byName: null };
}

function addBase(node: MutableDiffNode, value: number, self: boolean): void {
  if (self) node.baseSelf += value;
  else node.baseTotal += value;
}

function addCurrent(node: MutableDiffNode, value: number, self: boolean): void {
  if (self) node.self += value;
  else node.total += value;
}

function finishDiff(n: MutableDiffNode): DiffNode {
  const children = n.children.map(finishDiff);
  children.sort((a, b) => Math.max(b.total, b.baseTotal) - Math.max(a.total, a.baseTotal) || (a.name < b.name ? -1 : 1));
  return { name: n.name, self: n.self, total: n.total, baseSelf: n.baseSelf, baseTotal: n.baseTotal, children };
}

function diffTree(base: StackSet, current: StackSet, scale: number): DiffNode {
  const root = newDiffNode('total');
  addStacks(root, base, newDiffNode, addBase, scale);
  addStacks(root, current, newDiffNode, addCurrent);
  return finishDiff(root);
}
