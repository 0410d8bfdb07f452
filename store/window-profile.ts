import { mappingFlagsOf } from '../codec/identity.js';
import type { LabelSet } from '../codec/identity.js';
import type { LabelTable, PprofFunction, PprofLocation, PprofMapping, Profile, ValueType } from '../codec/profile.js';
import { StringTable } from '../codec/string-table.js';
import { IdTable } from './id-table.js';
import type { PerLabelSet } from './profile-store.js';

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
  /** Location ids of stacks, leaf first, flat: stack `ids[k]`'s are `locations[offsets[k]..offsets[k + 1])` (new arrays, the caller's). */
  stacks(ids: ArrayLike<number>): FlatStacks;
  location(id: number): WindowLocation;
  func(id: number): WindowFunction;
  mapping(id: number): WindowMapping;
  /** The sample labels of a label set id. */
  labelSet(id: number): LabelSet;
}

/** Stacks' location ids in one array: stack k's are `locations[offsets[k]..offsets[k + 1])`. */
export interface FlatStacks {
  offsets: Uint32Array;
  locations: Uint32Array;
}

/** {@link WindowSymbols.stacks} of a backend that holds each stack as an array of its own. */
export function flatStacks(ids: ArrayLike<number>, stack: (id: number) => ArrayLike<number>): FlatStacks {
  const offsets = new Uint32Array(ids.length + 1);
  for (let k = 0; k < ids.length; k++) offsets[k + 1] = offsets[k]! + stack(ids[k]!).length;
  const locations = new Uint32Array(offsets[ids.length]!);
  for (let k = 0; k < ids.length; k++) locations.set(stack(ids[k]!), offsets[k]!);
  return { offsets, locations };
}

/** The values of a window per stored row — a (stack, label set) — and what its profile header says. */
export interface WindowValues {
  /** The rows with a non-zero value: their stack ids, label set ids and values. */
  stackIds: ArrayLike<number>;
  labelSetIds: ArrayLike<number>;
  values: Float64Array;
  sampleType: ValueType;
  periodType: ValueType;
  period: number;
  timeNanos: number;
  durationNanos: number;
}

/**
 * The rows a label filter keeps (made knowing the window's label sets in the order of their
 * first row), and the values of those it leaves out.
 */
function filterRows(w: WindowValues, symbols: WindowSymbols, labelFilter: PerLabelSet<boolean>): { keep: Uint32Array; filteredOut: Float64Array } {
  const ordered: LabelSet[] = [];
  const verdicts = new Map<number, boolean>();
  for (let r = 0; r < w.labelSetIds.length; r++) {
    const id = w.labelSetIds[r]!;
    if (!verdicts.has(id)) {
      verdicts.set(id, false);
      ordered.push(symbols.labelSet(id));
    }
  }
  const test = labelFilter(ordered);
  for (const id of verdicts.keys()) verdicts.set(id, test(symbols.labelSet(id)));
  const kept: number[] = [], out: number[] = [];
  for (let r = 0; r < w.stackIds.length; r++) (verdicts.get(w.labelSetIds[r]!) ? kept : out).push(r);
  return { keep: Uint32Array.from(kept), filteredOut: Float64Array.from(out, (r) => w.values[r]!) };
}

/** Entries of the location cache of {@link windowProfile}: a power of two. */
const LOCATION_CACHE = 4096;

/**
 * The window as a Profile with one sample type, one sample per row with its labels: the same
 * for every backend, so the same stored profiles give the same answer, pprof export included.
 * With a label filter, the rows of the label sets it refuses are left out; their values are returned.
 */
export function windowProfile(w: WindowValues, symbols: WindowSymbols, labelFilter?: PerLabelSet<boolean>): { profile: Profile; filteredOut?: Float64Array } {
  const filtered = labelFilter === undefined ? undefined : filterRows(w, symbols, labelFilter);
  const keep = filtered?.keep;
  const row = (s: number) => (keep === undefined ? s : keep[s]!);
  const functions: PprofFunction[] = [];
  const mappings: PprofMapping[] = [];
  const locations: PprofLocation[] = [];
  // Local index by stored id (ids are 32-bit, as stacks hold them): typed arrays, no allocation per entry.
  const fnIndex = new IdTable(1);
  const mapIndex = new Map<number, number>();
  const locIndex = new IdTable(1);
  const count = keep === undefined ? w.stackIds.length : keep.length;
  const values = keep === undefined ? w.values : Float64Array.from(keep, (r) => w.values[r]!);
  // The rows' stacks, whose location ids become the profile's location indexes in place.
  const { offsets: stackOffsets, locations: sampleLocations } = symbols.stacks(keep === undefined ? w.stackIds : Uint32Array.from(keep, (r) => w.stackIds[r]!));

  /** The local index of the location id `ids[at]`. */
  const localLocation = (ids: ArrayLike<number>, at: number): number => {
    let index = locIndex.get(ids, at);
    if (index >= 0) return index;
    const loc = ids[at]!;
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
      let f = fnIndex.get(stored.lines, j);
      if (f < 0) {
        const sf = symbols.func(fnId);
        f = functions.length;
        functions.push({ id: fnId, name: sf.name, systemName: sf.systemName, filename: sf.filename, startLine: sf.startLine });
        fnIndex.set(stored.lines, j, f);
      }
      lines.push({ function: f, line: stored.lines[j + 1]!, column: stored.lines[j + 2]! });
    }
    index = locations.length;
    locations.push({ id: loc, mapping, address: stored.address, lines, isFolded: stored.folded });
    locIndex.set(ids, at, index);
    return index;
  };

  // Stacks share most of their locations: a small direct-mapped cache by id answers nearly
  // every lookup before the hash table does.
  const cachedId = new Uint32Array(LOCATION_CACHE), cachedIndex = new Int32Array(LOCATION_CACHE).fill(-1);
  for (let k = 0; k < sampleLocations.length; k++) {
    const id = sampleLocations[k]!, c = id & (LOCATION_CACHE - 1);
    let index = cachedIndex[c]!;
    if (index < 0 || cachedId[c] !== id) {
      index = localLocation(sampleLocations, k);
      cachedId[c] = id;
      cachedIndex[c] = index;
    }
    sampleLocations[k] = index;
  }
  // Mappings in the order they were first stored, so the first is the main binary of the oldest profile (pprof's "File:").
  const order = mappings.map((_, i) => i).sort((a, b) => mappings[a]!.id - mappings[b]!.id);
  const position = new Int32Array(order.length);
  order.forEach((from, to) => { position[from] = to; });
  for (const l of locations) if (l.mapping >= 0) l.mapping = position[l.mapping]!;
  const strings = new StringTable();
  const labels = labelTable(count, (s) => w.labelSetIds[row(s)]!, symbols, strings);
  const profile: Profile = {
    sampleTypes: [w.sampleType], defaultSampleType: w.sampleType.type, periodType: w.periodType, period: w.period,
    timeNanos: w.timeNanos, durationNanos: w.durationNanos, dropFrames: '', keepFrames: '', comments: [], docUrl: '',
    strings: strings.strings, mappings: order.map((i) => mappings[i]!), locations, functions,
    samples: { count, stackOffsets, locations: sampleLocations, values, labels },
  };
  return filtered === undefined ? { profile } : { profile, filteredOut: filtered.filteredOut };
}

/**
 * The label table of `count` samples whose label set ids `setOf` gives, its strings interned
 * into `strings`: each distinct label set is resolved and interned once.
 */
function labelTable(count: number, setOf: (sample: number) => number, symbols: WindowSymbols, strings: StringTable): LabelTable {
  // Per distinct label set: where its interned entries start and end in `entries` (4 numbers each).
  const first = new IdTable(1);
  const id1 = new Uint32Array(1);
  const starts: number[] = [];
  const entries: number[] = [];
  const offsets = new Uint32Array(count + 1);
  const setStart = new Uint32Array(count);
  let total = 0;
  for (let s = 0; s < count; s++) {
    const id = (id1[0] = setOf(s));
    let at = first.get(id1);
    if (at < 0) {
      at = starts.length;
      first.set(id1, 0, at);
      starts.push(entries.length);
      for (const l of symbols.labelSet(id)) {
        if ('str' in l) entries.push(strings.id(l.key), strings.id(l.str), 0, 0);
        else entries.push(strings.id(l.key), 0, l.num, strings.id(l.unit));
      }
      starts.push(entries.length);
    }
    setStart[s] = at;
    total += (starts[at + 1]! - starts[at]!) / 4;
    offsets[s + 1] = total;
  }
  const table: LabelTable = {
    offsets, key: new Uint32Array(total), str: new Uint32Array(total), num: new Float64Array(total), numUnit: new Uint32Array(total),
  };
  let k = 0;
  for (let s = 0; s < count; s++) {
    const at = setStart[s]!;
    for (let e = starts[at]!, end = starts[at + 1]!; e < end; e += 4, k++) {
      table.key[k] = entries[e]!;
      table.str[k] = entries[e + 1]!;
      table.num[k] = entries[e + 2]!;
      table.numUnit[k] = entries[e + 3]!;
    }
  }
  return table;
}
