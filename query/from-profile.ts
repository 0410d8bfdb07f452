import type { Profile } from '../codec/profile.js';
import { assertCompatible, sampleTypeIndex } from '../codec/sample-types.js';
import { filterProfiles } from './filter-samples.js';
import type { SampleFilters } from './filters.js';
import { cleanPath, printableName } from './printable-name.js';
import { FrameInterner } from './stack-set.js';
import type { Granularity, StackSet } from './stack-set.js';

/** Which values to analyse, and at what granularity. */
export interface StackOptions {
  /** Sample type name such as `cpu` or `alloc_space`; default: the profile's default, else the last type. */
  sampleIndex?: string;
  granularity?: Granularity;
  /** Filters applied to the samples first; percentages stay relative to the unfiltered total, as in pprof. */
  filters?: SampleFilters;
}

/** Frame ids of every location, flat: location `i` has `ids[offsets[i]..offsets[i+1])`, leaf first. */
export interface LocationFrames {
  offsets: Uint32Array;
  ids: Uint32Array;
  /** Parallel to `ids`: 1 for an inlined frame (every line of a location but its last). */
  inlined: Uint8Array;
}

/** Expands each location into its frames (inlined lines first), interning frames by printable name. */
export function locationFrames(profile: Profile, granularity: Granularity, interner: FrameInterner): LocationFrames {
  const byLine = granularity === 'line';
  const { functions, locations, mappings } = profile;
  const files = functions.map((fn) => cleanPath(fn.filename));
  const functionFrame = functions.map((fn, i) =>
    byLine || fn.name === '' ? -1 : interner.intern(fn.name, fn.name, files[i]!, 0));
  const offsets = new Uint32Array(locations.length + 1);
  let total = 0;
  for (let i = 0; i < locations.length; i++) {
    total += Math.max(1, locations[i]!.lines.length);
    offsets[i + 1] = total;
  }
  const ids = new Uint32Array(total);
  const inlined = new Uint8Array(total);
  for (let i = 0; i < locations.length; i++) for (let k = offsets[i]!; k < offsets[i + 1]! - 1; k++) inlined[k] = 1;
  let k = 0;
  for (const loc of locations) {
    const objfile = loc.mapping >= 0 ? mappings[loc.mapping]!.filename : '';
    if (loc.lines.length === 0) {
      ids[k++] = interner.intern(printableName({ name: '', file: '', line: 0, objfile }), '', '', 0);
      continue;
    }
    for (const ln of loc.lines) {
      const cached = functionFrame[ln.function]!;
      if (cached >= 0) { ids[k++] = cached; continue; }
      const fn = functions[ln.function]!;
      const file = files[ln.function]!;
      const line = byLine ? ln.line : 0;
      const name = printableName({ name: fn.name, file: byLine ? file : '', line, objfile: fn.name === '' ? objfile : '' });
      ids[k++] = interner.intern(name, fn.name, file, line);
    }
  }
  return { offsets, ids, inlined };
}

/** The index of the sample type the options select in profiles of the same sample types. */
export function selectedSampleIndex(profiles: readonly Profile[], sampleIndex?: string): number {
  assertCompatible(profiles);
  const defaultType = profiles.find((p) => p.defaultSampleType !== '')?.defaultSampleType ?? '';
  return sampleTypeIndex(profiles[0]!.sampleTypes, defaultType, sampleIndex);
}

/** Sum of |value| of one sample type over every sample: pprof's total. */
export function sampleTotal(profiles: readonly Profile[], index: number): number {
  let total = 0;
  for (const p of profiles) {
    const width = p.sampleTypes.length, values = p.samples.values;
    for (let i = 0; i < p.samples.count; i++) total += Math.abs(values[i * width + index]!);
  }
  return total;
}

/**
 * pprof's total of filtered profiles: of the samples before filters, or of those kept when the
 * filters ask for relative percentages.
 */
export function filteredTotal(unfiltered: readonly Profile[], filtered: readonly Profile[], index: number, filters?: SampleFilters): number {
  if (filters?.relative === true) return sampleTotal(filtered, index);
  return filters?.totalBefore ?? sampleTotal(unfiltered, index);
}

/** The stacks of one or more profiles of the same sample types, for one sample type. */
export function stacksFromProfiles(unfiltered: readonly Profile[], options: StackOptions = {}): StackSet {
  const index = selectedSampleIndex(unfiltered, options.sampleIndex);
  const profiles = filterProfiles(unfiltered, options.filters);
  const first = profiles[0]!;
  const granularity = options.granularity ?? 'function';
  const interner = new FrameInterner();
  const perProfile = profiles.map((profile) => {
    const frames = locationFrames(profile, granularity, interner);
    const { count: n, values, stackOffsets, locations } = profile.samples;
    const width = profile.sampleTypes.length;
    const fo = frames.offsets;
    let stackCount = 0, frameCount = 0;
    for (let i = 0; i < n; i++) {
      if (values[i * width + index] === 0) continue;
      stackCount++;
      const end = stackOffsets[i + 1]!;
      for (let k = stackOffsets[i]!; k < end; k++) {
        const loc = locations[k]!;
        frameCount += fo[loc + 1]! - fo[loc]!;
      }
    }
    return { profile, frames, width, stackCount, frameCount };
  });
  const count = perProfile.reduce((n, p) => n + p.stackCount, 0);
  const offsets = new Uint32Array(count + 1);
  const frameIds = new Uint32Array(perProfile.reduce((n, p) => n + p.frameCount, 0));
  const values = new Float64Array(count);
  const inlined = new Uint8Array(frameIds.length);
  let s = 0, f = 0;
  for (const { profile, frames, width } of perProfile) {
    const { count: n, values: sampleValues, stackOffsets, locations } = profile.samples;
    const fo = frames.offsets, fids = frames.ids, finl = frames.inlined;
    for (let i = 0; i < n; i++) {
      const value = sampleValues[i * width + index]!;
      if (value === 0) continue;
      const end = stackOffsets[i + 1]!;
      for (let k = stackOffsets[i]!; k < end; k++) {
        const loc = locations[k]!;
        const jEnd = fo[loc + 1]!;
        for (let j = fo[loc]!; j < jEnd; j++) {
          inlined[f] = finl[j]!;
          frameIds[f++] = fids[j]!;
        }
      }
      values[s] = value;
      offsets[++s] = f;
    }
  }
  const stacks: StackSet = { sampleType: first.sampleTypes[index]!, granularity, frames: interner.frames, count, offsets, frameIds, values, inlined };
  if (options.filters !== undefined && !options.filters.relative) stacks.total = filteredTotal(unfiltered, profiles, index, options.filters);
  return stacks;
}
