import type { Profile } from './profile.js';
import { sampleTypeIndex } from './sample-types.js';

/** Indexes of the named sample types; throws when one is missing. */
export function columnIndexes(profile: Profile, names: readonly string[]): number[] {
  return names.map((name) => sampleTypeIndex(profile.sampleTypes, '', name));
}

/**
 * A profile holding only some samples of `profile`, with new values: sample `keep[j]` gets
 * `values[j × width .. (j+1) × width)`, width being `columns.length`. Strings, functions,
 * locations and mappings are shared with the source, which must not be mutated afterwards.
 */
export function withSamples(profile: Profile, columns: readonly number[], keep: ArrayLike<number>, values: Float64Array,
  defaultSampleType = ''): Profile {
  const s = profile.samples, lt = s.labels;
  let stackLen = 0, labelLen = 0;
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    stackLen += s.stackOffsets[i + 1]! - s.stackOffsets[i]!;
    labelLen += lt.offsets[i + 1]! - lt.offsets[i]!;
  }
  const stackOffsets = new Uint32Array(keep.length + 1), locations = new Uint32Array(stackLen);
  const labelOffsets = new Uint32Array(keep.length + 1);
  const key = new Uint32Array(labelLen), str = new Uint32Array(labelLen), numUnit = new Uint32Array(labelLen);
  const num = new Float64Array(labelLen);
  let sp = 0, lp = 0;
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) locations[sp++] = s.locations[k]!;
    stackOffsets[j + 1] = sp;
    for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
      key[lp] = lt.key[k]!; str[lp] = lt.str[k]!; num[lp] = lt.num[k]!; numUnit[lp] = lt.numUnit[k]!;
      lp++;
    }
    labelOffsets[j + 1] = lp;
  }
  return withColumns(profile, columns, defaultSampleType,
    { count: keep.length, stackOffsets, locations, values, labels: { offsets: labelOffsets, key, str, num, numUnit } });
}

/**
 * The profile reduced to the named sample types. Every sample is kept, zeros included (stores
 * and reports skip them), so stacks and labels are shared with the source, which must not be
 * mutated afterwards; only the values are new.
 */
export function selectColumns(profile: Profile, names: readonly string[], defaultSampleType = ''): Profile {
  const columns = columnIndexes(profile, names);
  const s = profile.samples, width = profile.sampleTypes.length, w = columns.length;
  const values = new Float64Array(s.count * w);
  for (let i = 0; i < s.count; i++) for (let c = 0; c < w; c++) values[i * w + c] = s.values[i * width + columns[c]!]!;
  return withColumns(profile, columns, defaultSampleType, { ...s, values });
}

/** `profile` with the sample types `columns` of it and these samples (whose values have that width). */
function withColumns(profile: Profile, columns: readonly number[], defaultSampleType: string, samples: Profile['samples']): Profile {
  return {
    ...profile,
    sampleTypes: columns.map((c) => ({ ...profile.sampleTypes[c]! })),
    defaultSampleType,
    comments: [...profile.comments],
    samples,
  };
}
