import { mappingFlagsOf } from '../codec/identity.js';
import type { PprofFunction, PprofLocation, PprofMapping, Profile, ValueType } from '../codec/profile.js';

/** A function as a window names it. */
export interface WindowFunction {
  name: string;
  systemName: string;
  filename: string;
  startLine: number;
}

/** A mapping as a window names it; `flags` as codec/identity.ts stores them. */
export interface WindowMapping {
  memoryStart: number;
  memoryLimit: number;
  fileOffset: number;
  filename: string;
  buildId: string;
  flags: number;
}

/** A location: mapping id (0 when none) and flat (function id, line, column) triples. */
export interface WindowLocation {
  mapping: number;
  address: number;
  folded: boolean;
  lines: ArrayLike<number>;
}

/**
 * The symbols a window's stacks refer to, by a backend's numeric ids. Mapping ids count in the
 * order the mappings were first stored, so the first is the main binary of the oldest profile
 * (what pprof prints as "File:").
 */
export interface WindowSymbols {
  /** Location ids of a stack, leaf first. */
  stack(id: number): ArrayLike<number>;
  location(id: number): WindowLocation;
  func(id: number): WindowFunction;
  mapping(id: number): WindowMapping;
}

/** The values of a window per stack, and what its profile header says. */
export interface WindowValues {
  /** Stack ids with a non-zero value, and their values. */
  stackIds: ArrayLike<number>;
  values: Float64Array;
  sampleType: ValueType;
  periodType: ValueType;
  period: number;
  timeNanos: number;
  durationNanos: number;
}

/**
 * The window as a Profile with one sample type: the same for every backend, so the same stored
 * profiles give the same answer, pprof export included.
 */
export function windowProfile(w: WindowValues, symbols: WindowSymbols): Profile {
  const functions: PprofFunction[] = [];
  const mappings: PprofMapping[] = [];
  const locations: PprofLocation[] = [];
  const fnIndex = new Map<number, number>();
  const mapIndex = new Map<number, number>();
  const locIndex = new Map<number, number>();
  const count = w.stackIds.length;
  const stackOffsets = new Uint32Array(count + 1);
  let depth = 0;
  for (let s = 0; s < count; s++) depth += symbols.stack(w.stackIds[s]!).length;
  const sampleLocations = new Uint32Array(depth);
  let k = 0;

  const localLocation = (loc: number): number => {
    let index = locIndex.get(loc);
    if (index !== undefined) return index;
    const stored = symbols.location(loc);
    let mapping = -1;
    if (stored.mapping !== 0) {
      const m = mapIndex.get(stored.mapping);
      if (m !== undefined) mapping = m;
      else {
        const sm = symbols.mapping(stored.mapping);
        mapping = mappings.length;
        mappings.push({
          id: stored.mapping, memoryStart: sm.memoryStart, memoryLimit: sm.memoryLimit, fileOffset: sm.fileOffset,
          filename: sm.filename, buildId: sm.buildId, ...mappingFlagsOf(sm.flags),
        });
        mapIndex.set(stored.mapping, mapping);
      }
    }
    const lines = [];
    for (let j = 0; j < stored.lines.length; j += 3) {
      const fnId = stored.lines[j]!;
      let f = fnIndex.get(fnId);
      if (f === undefined) {
        const sf = symbols.func(fnId);
        f = functions.length;
        functions.push({ id: fnId, name: sf.name, systemName: sf.systemName, filename: sf.filename, startLine: sf.startLine });
        fnIndex.set(fnId, f);
      }
      lines.push({ function: f, line: stored.lines[j + 1]!, column: stored.lines[j + 2]! });
    }
    index = locations.length;
    locations.push({ id: loc, mapping, address: stored.address, lines, isFolded: stored.folded });
    locIndex.set(loc, index);
    return index;
  };

  for (let s = 0; s < count; s++) {
    const stack = symbols.stack(w.stackIds[s]!);
    for (let i = 0; i < stack.length; i++) sampleLocations[k++] = localLocation(stack[i]!);
    stackOffsets[s + 1] = k;
  }
  // Mappings in the order they were first stored, so the first is the main binary of the oldest profile (pprof's "File:").
  const order = mappings.map((_, i) => i).sort((a, b) => mappings[a]!.id - mappings[b]!.id);
  const position = new Int32Array(order.length);
  order.forEach((from, to) => { position[from] = to; });
  for (const l of locations) if (l.mapping >= 0) l.mapping = position[l.mapping]!;
  return {
    sampleTypes: [w.sampleType], defaultSampleType: w.sampleType.type, periodType: w.periodType, period: w.period,
    timeNanos: w.timeNanos, durationNanos: w.durationNanos, dropFrames: '', keepFrames: '', comments: [], docUrl: '',
    strings: [''], mappings: order.map((i) => mappings[i]!), locations, functions,
    samples: {
      count, stackOffsets, locations: sampleLocations, values: w.values,
      labels: { offsets: new Uint32Array(count + 1), key: new Uint32Array(0), str: new Uint32Array(0), num: new Float64Array(0), numUnit: new Uint32Array(0) },
    },
  };
}
