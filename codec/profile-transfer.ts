import type { PprofFunction, PprofLocation, Profile } from './profile.js';

/**
 * A decoded profile in the form one thread hands another: typed arrays (in a shared slab, or
 * transferred) and flat lists of strings. Structured cloning a Profile's objects costs more than
 * decoding it; this form costs a fraction of that on both sides.
 */
export interface PackedProfile extends Pick<Profile,
  'sampleTypes' | 'defaultSampleType' | 'periodType' | 'period' | 'timeNanos' | 'durationNanos' | 'dropFrames' | 'keepFrames'
  | 'comments' | 'docUrl' | 'strings' | 'mappings' | 'samples'> {
  /** Per function: name, system name, file. */
  functionStrings: string[];
  /** Per function: id, start line. */
  functionNumbers: Float64Array;
  /** Per location: id, mapping index (-1: none), address, folded (0/1), first line; one more entry ends the last. */
  locationNumbers: Float64Array;
  /** Per line: function index, line, column. */
  lineNumbers: Float64Array;
}

/** The packed form of a profile (its sample columns shared with it, not copied). */
export function packProfile(p: Profile): PackedProfile {
  const functionStrings: string[] = new Array(p.functions.length * 3);
  const functionNumbers = new Float64Array(p.functions.length * 2);
  p.functions.forEach((f, i) => {
    functionStrings[3 * i] = f.name; functionStrings[3 * i + 1] = f.systemName; functionStrings[3 * i + 2] = f.filename;
    functionNumbers[2 * i] = f.id; functionNumbers[2 * i + 1] = f.startLine;
  });
  let lines = 0;
  for (const l of p.locations) lines += l.lines.length;
  const locationNumbers = new Float64Array(p.locations.length * 5 + 5);
  const lineNumbers = new Float64Array(lines * 3);
  let k = 0;
  p.locations.forEach((l, i) => {
    const o = 5 * i;
    locationNumbers[o] = l.id; locationNumbers[o + 1] = l.mapping; locationNumbers[o + 2] = l.address;
    locationNumbers[o + 3] = l.isFolded ? 1 : 0; locationNumbers[o + 4] = k;
    for (const ln of l.lines) {
      lineNumbers[3 * k] = ln.function; lineNumbers[3 * k + 1] = ln.line; lineNumbers[3 * k + 2] = ln.column;
      k++;
    }
  });
  locationNumbers[5 * p.locations.length + 4] = k;
  const s = p.samples;
  return {
    sampleTypes: p.sampleTypes, defaultSampleType: p.defaultSampleType, periodType: p.periodType, period: p.period,
    timeNanos: p.timeNanos, durationNanos: p.durationNanos, dropFrames: p.dropFrames, keepFrames: p.keepFrames,
    comments: p.comments, docUrl: p.docUrl, strings: p.strings, mappings: p.mappings, functionStrings, functionNumbers,
    locationNumbers, lineNumbers, samples: s,
  };
}

type Column = Float64Array | Uint32Array;

/** The typed-array columns of a packed profile, in one fixed order. */
function columnsOf(p: PackedProfile): Column[] {
  const s = p.samples, lt = s.labels;
  return [p.functionNumbers, p.locationNumbers, p.lineNumbers, s.stackOffsets, s.locations, s.values, lt.offsets, lt.key, lt.str, lt.num, lt.numUnit];
}

/** `p` with the columns `c`, in the order of {@link columnsOf}. */
function withColumns(p: PackedProfile, c: Column[]): PackedProfile {
  const u32 = (i: number) => c[i] as Uint32Array, f64 = (i: number) => c[i] as Float64Array;
  return {
    ...p, functionNumbers: f64(0), locationNumbers: f64(1), lineNumbers: f64(2),
    samples: {
      count: p.samples.count, stackOffsets: u32(3), locations: u32(4), values: f64(5),
      labels: { offsets: u32(6), key: u32(7), str: u32(8), num: f64(9), numUnit: u32(10) },
    },
  };
}

/** A packed profile whose columns are copies of its own, with their buffers to transfer (for columns borrowed from a decoder's scratch). */
export function withOwnColumns(p: PackedProfile): { packed: PackedProfile; transfer: ArrayBuffer[] } {
  const copies = columnsOf(p).map((c) => c.slice());
  return { packed: withColumns(p, copies), transfer: copies.map((c) => c.buffer as ArrayBuffer) };
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Where the columns of a packed profile lie in a slab: per column, its byte offset and length. */
export type SlabLayout = number[];

/**
 * A packed profile whose columns are copied into `slab` (a buffer shared with the receiving
 * thread), the profile itself keeping empty ones; undefined when they do not fit. Typed
 * arrays moved between threads are old garbage to the receiver, collected only by its full
 * (mark-compact) collections: a slab reused from profile to profile avoids that cost.
 */
export function packIntoSlab(p: PackedProfile, slab: SharedArrayBuffer): { packed: PackedProfile; layout: SlabLayout } | undefined {
  const columns = columnsOf(p);
  let bytes = 0;
  for (const c of columns) bytes += align8(c.byteLength);
  if (bytes > slab.byteLength) return undefined;
  const into = new Uint8Array(slab);
  const layout: SlabLayout = [];
  let at = 0;
  for (const c of columns) {
    into.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    layout.push(at, c.length);
    at += align8(c.byteLength);
  }
  return { packed: withColumns(p, columns.map((c) => (c instanceof Float64Array ? new Float64Array(0) : new Uint32Array(0)))), layout };
}

/** The packed profile of {@link packIntoSlab}, its columns copied out of the slab (which can then be reused). */
export function unpackFromSlab(p: PackedProfile, slab: SharedArrayBuffer, layout: SlabLayout): PackedProfile {
  return withColumns(p, columnsOf(p).map((empty, i) => {
    const at = layout[2 * i]!, length = layout[2 * i + 1]!;
    return empty instanceof Float64Array ? new Float64Array(slab, at, length).slice() : new Uint32Array(slab, at, length).slice();
  }));
}

/** The profile a {@link PackedProfile} holds. */
export function unpackProfile(packed: PackedProfile): Profile {
  const fs = packed.functionStrings, fn = packed.functionNumbers;
  const functions: PprofFunction[] = new Array(fn.length / 2);
  for (let i = 0; i < functions.length; i++) {
    functions[i] = { id: fn[2 * i]!, name: fs[3 * i]!, systemName: fs[3 * i + 1]!, filename: fs[3 * i + 2]!, startLine: fn[2 * i + 1]! };
  }
  const ln = packed.locationNumbers, lines = packed.lineNumbers;
  const locations: PprofLocation[] = new Array(ln.length / 5 - 1);
  for (let i = 0; i < locations.length; i++) {
    const o = 5 * i, first = ln[o + 4]!, end = ln[o + 9]!;
    const locLines = new Array(end - first);
    for (let k = first; k < end; k++) locLines[k - first] = { function: lines[3 * k]!, line: lines[3 * k + 1]!, column: lines[3 * k + 2]! };
    locations[i] = { id: ln[o]!, mapping: ln[o + 1]!, address: ln[o + 2]!, lines: locLines, isFolded: ln[o + 3] === 1 };
  }
  return {
    sampleTypes: packed.sampleTypes, defaultSampleType: packed.defaultSampleType, periodType: packed.periodType,
    period: packed.period, timeNanos: packed.timeNanos, durationNanos: packed.durationNanos, dropFrames: packed.dropFrames,
    keepFrames: packed.keepFrames, comments: packed.comments, docUrl: packed.docUrl, strings: packed.strings,
    mappings: packed.mappings, locations, functions, samples: packed.samples,
  };
}
