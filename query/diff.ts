import { describeSampleTypes } from '../codec/compatible.js';
import { SampleTypeMismatch } from '../common/errors.js';
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

interface MutableDiffNode extends DiffNode {
  byName: Map<string, MutableDiffNode> | null;
}

function diffTree(base: StackSet, current: StackSet, scale: number): DiffNode {
  const root: MutableDiffNode = { name: 'total', self: 0, total: 0, baseSelf: 0, baseTotal: 0, children: [], byName: null };
  const add = (stacks: StackSet, isBase: boolean): void => {
    for (let i = 0; i < stacks.count; i++) {
      const v = isBase ? stacks.values[i]! * scale : stacks.values[i]!;
      if (v === 0) continue;
      let node = root;
      if (isBase) node.baseTotal += v; else node.total += v;
      for (let k = stacks.offsets[i + 1]! - 1; k >= stacks.offsets[i]!; k--) {
        const name = stacks.frames[stacks.frameIds[k]!]!.name;
        node.byName ??= new Map();
        let child = node.byName.get(name);
        if (!child) {
          child = { name, self: 0, total: 0, baseSelf: 0, baseTotal: 0, children: [], byName: null };
          node.byName.set(name, child);
          node.children.push(child);
        }
        if (isBase) child.baseTotal += v; else child.total += v;
        node = child;
      }
      if (isBase) node.baseSelf += v; else node.self += v;
    }
  };
  add(base, true);
  add(current, false);
  const finish = (n: MutableDiffNode): DiffNode => {
    const children = n.children.map((c) => finish(c as MutableDiffNode));
    children.sort((a, b) => Math.max(b.total, b.baseTotal) - Math.max(a.total, a.baseTotal) || (a.name < b.name ? -1 : 1));
    return { name: n.name, self: n.self, total: n.total, baseSelf: n.baseSelf, baseTotal: n.baseTotal, children };
  };
  return finish(root);
}
