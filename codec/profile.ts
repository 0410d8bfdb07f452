/**
 * The decoded pprof profile, close to the wire format but with strings resolved and
 * references turned into array indexes. Samples are columnar (typed arrays), so decoding
 * allocates nothing per sample.
 */

/** A (type, unit) pair such as `cpu/nanoseconds` or `inuse_space/bytes`. */
export interface ValueType {
  type: string;
  unit: string;
}

export interface PprofMapping {
  id: number;
  memoryStart: number;
  memoryLimit: number;
  fileOffset: number;
  filename: string;
  buildId: string;
  hasFunctions: boolean;
  hasFilenames: boolean;
  hasLineNumbers: boolean;
  hasInlineFrames: boolean;
}

export interface PprofFunction {
  id: number;
  name: string;
  systemName: string;
  filename: string;
  startLine: number;
}

/** One line of a location; `line[0]` is the innermost (inlined) frame. */
export interface PprofLine {
  /** Index into {@link Profile.functions}. */
  function: number;
  line: number;
  column: number;
}

export interface PprofLocation {
  id: number;
  /** Index into {@link Profile.mappings}, or -1 when the location has no mapping. */
  mapping: number;
  address: number;
  lines: PprofLine[];
  isFolded: boolean;
}

/** Labels of all samples, columnar. Sample `i` owns entries `offsets[i]..offsets[i+1]`. */
export interface LabelTable {
  offsets: Uint32Array;
  /** String-table indexes. */
  key: Uint32Array;
  /** String-table index of the string value, 0 for a numeric label. */
  str: Uint32Array;
  num: Float64Array;
  /** String-table index of the unit of a numeric label, 0 when none. */
  numUnit: Uint32Array;
}

/** Samples, columnar. Sample `i` has stack `locations[stackOffsets[i]..stackOffsets[i+1]]`, leaf first. */
export interface SampleTable {
  count: number;
  stackOffsets: Uint32Array;
  /** Indexes into {@link Profile.locations}. */
  locations: Uint32Array;
  /** `count × sampleTypes.length` values, row-major. */
  values: Float64Array;
  labels: LabelTable;
}

export interface Profile {
  sampleTypes: ValueType[];
  /** Name of the default sample type, '' when unset. */
  defaultSampleType: string;
  periodType: ValueType;
  period: number;
  timeNanos: number;
  durationNanos: number;
  dropFrames: string;
  keepFrames: string;
  comments: string[];
  docUrl: string;
  /** The string table; label columns refer into it. `strings[0]` is always ''. */
  strings: string[];
  mappings: PprofMapping[];
  locations: PprofLocation[];
  functions: PprofFunction[];
  samples: SampleTable;
}
