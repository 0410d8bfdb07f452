import {
  ProfileDanglingReference, ProfileIdInvalid, ProfileLabelLimit, ProfileNoSampleTypes, ProfileStringIndex,
  ProfileStringTable, ProfileValueCount, ProfileValueRange,
} from '../common/errors.js';
import { BAD_STRING_INDEX, BIG_ID } from './decode-wire.js';
import type { RawProfile, RawValueType } from './decode-wire.js';
import { TRUNCATED_FRAME_NAME } from './limits.js';
import type { DecodeLimits } from './limits.js';
import type {
  LabelTable, PprofFunction, PprofLocation, PprofMapping, Profile, SampleTable, ValueType,
} from './profile.js';

/**
 * Checks a wire-decoded profile the way pprof's own CheckValid does, and more: string indexes
 * in range, ids non-zero and unique, every reference resolvable, one value per sample type,
 * label sizes. Resolves strings and turns id references into array indexes.
 */
export function validateProfile(raw: RawProfile, limits: Readonly<DecodeLimits>): Profile {
  const strings = raw.strings;
  if (strings.length === 0) throw new ProfileStringTable('the string table is empty; string_table[0] must be ""');
  if (strings[0] !== '') throw new ProfileStringTable(`string_table[0] must be "", found ${JSON.stringify(strings[0]!.slice(0, 64))}`);
  const str = (index: number, what: string): string => {
    const s = strings[index];
    if (s === undefined) throw new ProfileStringIndex(what, index, strings.length);
    return s;
  };
  const valueType = (vt: RawValueType, what: string): ValueType =>
    ({ type: str(vt.type, `${what}.type`), unit: str(vt.unit, `${what}.unit`) });

  const sampleTypes = raw.sampleTypes.map((vt, i) => valueType(vt, `sample_type[${i}]`));
  if (sampleTypes.length === 0) throw new ProfileNoSampleTypes();

  const functionIndex = indexIds(raw.functions, 'function');
  const functions: PprofFunction[] = raw.functions.map((f, i) => ({
    id: f.id,
    name: str(f.name, `function[${i}].name`),
    systemName: str(f.systemName, `function[${i}].system_name`),
    filename: str(f.filename, `function[${i}].filename`),
    startLine: f.startLine,
  }));

  const mappingIndex = indexIds(raw.mappings, 'mapping');
  const mappings: PprofMapping[] = raw.mappings.map((m, i) => ({
    id: m.id, memoryStart: m.memoryStart, memoryLimit: m.memoryLimit, fileOffset: m.fileOffset,
    filename: str(m.filename, `mapping[${i}].filename`), buildId: str(m.buildId, `mapping[${i}].build_id`),
    hasFunctions: m.hasFunctions, hasFilenames: m.hasFilenames, hasLineNumbers: m.hasLineNumbers,
    hasInlineFrames: m.hasInlineFrames,
  }));

  const locationIndex = indexIds(raw.locations, 'location');
  const locations: PprofLocation[] = raw.locations;
  for (const l of locations) {
    if (l.mapping === 0) l.mapping = -1;
    else {
      const m = mappingIndex.get(l.mapping);
      if (m === undefined) throw new ProfileDanglingReference(`location ${l.id} refers to mapping ${l.mapping}, which does not exist`);
      l.mapping = m;
    }
    for (const ln of l.lines) {
      const f = functionIndex.get(ln.function);
      if (f === undefined) throw new ProfileDanglingReference(`location ${l.id} has a line for function ${ln.function}, which does not exist`);
      ln.function = f;
    }
  }

  const samples = resolveSamples(raw, sampleTypes.length, locationIndex, limits);
  checkLabels(samples.labels, strings, limits);
  if (samples.truncated) addTruncationMarker(locations, functions);

  return {
    sampleTypes,
    defaultSampleType: str(raw.defaultSampleType, 'default_sample_type'),
    periodType: valueType(raw.periodType, 'period_type'),
    period: raw.period,
    timeNanos: raw.timeNanos,
    durationNanos: raw.durationNanos,
    dropFrames: str(raw.dropFrames, 'drop_frames'),
    keepFrames: str(raw.keepFrames, 'keep_frames'),
    comments: raw.comments.map((c, i) => str(c, `comment[${i}]`)),
    docUrl: str(raw.docUrl, 'doc_url'),
    strings,
    mappings,
    locations,
    functions,
    samples: samples.table,
  };
}

interface Identified { id: number }

/** Resolves ids to array indexes. */
interface IdIndex {
  get(id: number): number | undefined;
}

/** Maps ids to array indexes, refusing zero and duplicate ids; ids 1..n in order need no map. */
function indexIds(items: readonly Identified[], what: string): IdIndex {
  let dense = true;
  for (let i = 0; i < items.length && dense; i++) dense = items[i]!.id === i + 1;
  if (dense) {
    const n = items.length;
    return { get: (id) => (id >= 1 && id <= n ? id - 1 : undefined) };
  }
  const index = new Map<number, number>();
  for (let i = 0; i < items.length; i++) {
    const id = items[i]!.id;
    if (id === 0) throw new ProfileIdInvalid(`${what} at position ${i} has id 0`);
    if (index.has(id)) throw new ProfileIdInvalid(`${what} id ${id} appears more than once`);
    index.set(id, i);
  }
  return index;
}

function resolveSamples(
  raw: RawProfile, typeCount: number, locationIndex: IdIndex, limits: Readonly<DecodeLimits>,
): { table: SampleTable; labels: LabelTable; truncated: boolean } {
  const n = raw.sampleCount;
  const vo = raw.valueOffsets;
  for (let i = 0; i < n; i++) {
    const count = vo[i + 1]! - vo[i]!;
    if (count !== typeCount) throw new ProfileValueCount(i, count, typeCount);
  }
  // Values past 2^53 already lost digits when read: refuse them rather than store them inexact.
  const values = raw.values;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) throw new ProfileValueRange(Math.floor(k / typeCount), v.toExponential(3));
  }
  // Location ids become indexes in place: the column is the sample table's.
  const locations = raw.locationIds, big = raw.bigLocationIds;
  const locationCount = raw.locations.length;
  const dense = raw.locations.every((l, i) => l.id === i + 1);
  const dangling = (k: number, id: number): never => {
    throw new ProfileDanglingReference(`sample ${sampleOf(raw.stackOffsets, k)} refers to location ${id}, which does not exist`);
  };
  if (dense) {
    // Ids 1..n (Go's numbering): an id is its index plus one; big ids (past BIG_ID) cannot be one.
    for (let k = 0; k < locations.length; k++) {
      const id = locations[k]!;
      if (id === 0 || id > locationCount) dangling(k, id < BIG_ID ? id : big[id - BIG_ID]!);
      locations[k] = id - 1;
    }
  } else {
    for (let k = 0; k < locations.length; k++) {
      const entry = locations[k]!;
      const id = entry < BIG_ID ? entry : big[entry - BIG_ID]!;
      const index = locationIndex.get(id);
      if (index === undefined) dangling(k, id);
      locations[k] = index!;
    }
  }
  const labels: LabelTable = {
    offsets: raw.labelOffsets, key: raw.labelKey, str: raw.labelStr, num: raw.labelNum, numUnit: raw.labelNumUnit,
  };
  let table: SampleTable = { count: n, stackOffsets: raw.stackOffsets, locations, values: raw.values, labels };
  let truncated = false;
  const so = raw.stackOffsets;
  for (let i = 0; i < n; i++) {
    if (so[i + 1]! - so[i]! > limits.maxStackDepth) { truncated = true; break; }
  }
  if (truncated) table = truncateStacks(table, limits.maxStackDepth, locationCount);
  return { table, labels, truncated };
}

function sampleOf(offsets: Uint32Array, k: number): number {
  let i = 0;
  while (offsets[i + 1]! <= k) i++;
  return i;
}

/** Cuts stacks to `maxDepth` frames: the leaf-most `maxDepth - 1` plus a marker location. */
function truncateStacks(table: SampleTable, maxDepth: number, markerIndex: number): SampleTable {
  const offsets = new Uint32Array(table.count + 1);
  let total = 0;
  for (let i = 0; i < table.count; i++) {
    total += Math.min(maxDepth, table.stackOffsets[i + 1]! - table.stackOffsets[i]!);
  }
  const locations = new Uint32Array(total);
  let k = 0;
  for (let i = 0; i < table.count; i++) {
    const start = table.stackOffsets[i]!, depth = table.stackOffsets[i + 1]! - start;
    if (depth > maxDepth) {
      locations.set(table.locations.subarray(start, start + maxDepth - 1), k);
      locations[k + maxDepth - 1] = markerIndex;
      k += maxDepth;
    } else {
      locations.set(table.locations.subarray(start, start + depth), k);
      k += depth;
    }
    offsets[i + 1] = k;
  }
  return { ...table, stackOffsets: offsets, locations };
}

function addTruncationMarker(locations: PprofLocation[], functions: PprofFunction[]): void {
  const maxFn = functions.reduce((m, f) => Math.max(m, f.id), 0);
  const maxLoc = locations.reduce((m, l) => Math.max(m, l.id), 0);
  functions.push({ id: maxFn + 1, name: TRUNCATED_FRAME_NAME, systemName: TRUNCATED_FRAME_NAME, filename: '', startLine: 0 });
  locations.push({ id: maxLoc + 1, mapping: -1, address: 0, lines: [{ function: functions.length - 1, line: 0, column: 0 }], isFolded: false });
}

function checkLabels(labels: LabelTable, strings: string[], limits: Readonly<DecodeLimits>): void {
  const columns = [[labels.key, 'key'], [labels.str, 'str'], [labels.numUnit, 'num_unit']] as const;
  for (const [column, what] of columns) {
    for (let k = 0; k < column.length; k++) {
      const index = column[k]!;
      const s = strings[index];
      if (s === undefined) throw new ProfileStringIndex(`label ${k} ${what}`, index === BAD_STRING_INDEX ? -1 : index, strings.length);
      if (s.length > limits.maxLabelLength) {
        throw new ProfileLabelLimit(`label ${what} of ${s.length} characters is over the limit of ${limits.maxLabelLength}`);
      }
    }
  }
}
