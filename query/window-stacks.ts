import { withSamples } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';
import type { ProfileReader, WindowProfile, WindowQuery } from '../store/profile-store.js';
import type { SampleFilters } from './filters.js';
import { stacksFromProfiles } from './from-profile.js';
import type { Granularity, StackSet } from './stack-set.js';

/** The stacks of a stored window, ready for the analyses, with the number of profiles merged. */
export interface WindowStacks {
  stacks: StackSet;
  profiles: number;
}

/** pprof values are integers: each stack's value is rounded (a mean may be fractional), and stacks that round to 0 are left out. */
function roundedValues(profile: Profile): Profile {
  const keep: number[] = [];
  const values: number[] = [];
  const { count, values: exact } = profile.samples;
  let changed = false;
  for (let i = 0; i < count; i++) {
    const v = Math.round(exact[i]!);
    if (v !== exact[i]) changed = true;
    if (v === 0) continue;
    keep.push(i);
    values.push(v);
  }
  return changed ? withSamples(profile, [0], keep, Float64Array.from(values), profile.defaultSampleType) : profile;
}

/**
 * A stored window as pprof values: the one rule behind every answer about a window (top, flame
 * graph, list, diff and the exported profile), so `go tool pprof` of the export prints what the
 * API answers. A mean is rounded per stack to a whole unit (byte, object, goroutine, ns).
 */
export function windowProfile(reader: Pick<ProfileReader, 'window'>, query: WindowQuery): WindowProfile {
  const window = reader.window(query);
  return { ...window, profile: roundedValues(window.profile) };
}

/**
 * Reads a window from the store and names its frames at the given granularity, after the
 * filters (label filters see the labels the store keeps with each sample).
 */
export function windowStacks(reader: Pick<ProfileReader, 'window'>, query: WindowQuery, granularity: Granularity = 'function',
  filters?: SampleFilters): WindowStacks {
  const { profile, profiles } = windowProfile(reader, query);
  return { stacks: stacksFromProfiles([profile], { granularity, ...(filters ? { filters } : {}) }), profiles };
}
