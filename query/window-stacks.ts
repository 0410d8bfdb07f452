import { withSamples } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';
import type { ProfileReader, WindowProfile, WindowQuery } from '../store/profile-store.js';
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
export async function windowProfile(reader: Pick<ProfileReader, 'window'>, query: WindowQuery): Promise<WindowProfile> {
  return roundedWindow(await reader.window(query));
}

/** A window as the store answered it, with pprof's integer values (see {@link windowProfile}). */
export function roundedWindow(window: WindowProfile): WindowProfile {
  return { ...window, profile: roundedValues(window.profile) };
}

/** The stacks of a window as the store answered it, frames named at the given granularity. */
export function stacksOfWindow(window: WindowProfile, granularity: Granularity = 'function'): WindowStacks {
  const { profile, profiles } = roundedWindow(window);
  return { stacks: stacksFromProfiles([profile], { granularity }), profiles };
}

/** Reads a window from the store and names its frames at the given granularity. */
export async function windowStacks(reader: Pick<ProfileReader, 'window'>, query: WindowQuery, granularity: Granularity = 'function'): Promise<WindowStacks> {
  return stacksOfWindow(await reader.window(query), granularity);
}
