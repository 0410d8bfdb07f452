import { withSamples } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';
import type { ProfileReader, WindowProfile, WindowQuery } from '../store/profile-store.js';
import { afterLabelFilters, labelSetFilter } from './filters.js';
import type { SampleFilters } from './filters.js';
import { sampleTotal, stacksFromProfiles } from './from-profile.js';
import type { Granularity, StackSet } from './stack-set.js';

/** The stacks of a stored window, ready for the analyses, with the number of profiles merged. */
export interface WindowStacks {
  stacks: StackSet;
  profiles: number;
}

/** A stored window as pprof values, and the filters still to apply to it. */
export interface FilteredWindow extends WindowProfile {
  /**
   * The query's filters as they remain to be applied to `profile`: the label filters were
   * pushed down into the read (rows of refused label sets are not in it), the others not.
   */
  filters?: SampleFilters;
}

/** pprof values are integers: a value is rounded to a whole unit (a mean may be fractional). */
const whole = (v: number): number => Math.round(v);

/** The profile with each sample's value rounded, and samples that round to 0 left out. */
function roundedValues(profile: Profile): Profile {
  const { count, values: exact } = profile.samples;
  let first = 0;
  while (first < count && whole(exact[first]!) === exact[first]) first++;
  if (first === count) return profile;
  const values = new Float64Array(count);
  let zeros = 0;
  for (let i = 0; i < count; i++) if ((values[i] = whole(exact[i]!)) === 0) zeros++;
  if (zeros === 0) return { ...profile, samples: { ...profile.samples, values } };
  const keep = new Uint32Array(count - zeros);
  for (let i = 0, k = 0; i < count; i++) if (values[i] !== 0) keep[k++] = i;
  return withSamples(profile, [0], keep, Float64Array.from(keep, (i) => values[i]!), profile.defaultSampleType);
}

/**
 * A stored window as pprof values: the one rule behind every answer about a window (top, flame
 * graph, list, diff, tags, graph, peek and the exported profile), so `go tool pprof` of the
 * export prints what the API answers. A value — one per stored row, a (stack, label set) — is
 * rounded to a whole unit (byte, object, goroutine, ns). The label filters of `filters` are
 * applied by the read; the total before filters counts the rows they left out, rounded alike.
 */
export async function windowProfile(reader: Pick<ProfileReader, 'window'>, query: WindowQuery, filters?: SampleFilters): Promise<FilteredWindow> {
  return filteredWindow(await reader.window(pushedDown(query, filters)), filters);
}

/** The query with the label filters of `filters` pushed down into the store's read. */
export function pushedDown(query: WindowQuery, filters?: SampleFilters): WindowQuery {
  const labelFilter = filters === undefined ? undefined : labelSetFilter(filters);
  return labelFilter === undefined ? query : { ...query, labelFilter };
}

/** A window as the store answered it (the label filters of `filters` pushed down), with pprof's integer values. */
export function filteredWindow(window: WindowProfile, filters?: SampleFilters): FilteredWindow {
  const labelFilter = filters === undefined ? undefined : labelSetFilter(filters);
  const profile = roundedValues(window.profile);
  const out: FilteredWindow = { profile, profiles: window.profiles, agg: window.agg };
  if (filters === undefined) return out;
  if (labelFilter === undefined) return { ...out, filters };
  let before = sampleTotal([profile], 0);
  for (const v of window.filteredOut ?? []) before += Math.abs(whole(v));
  return { ...out, filters: afterLabelFilters(filters, before) };
}

/** The stacks of a window as the store answered it, frames named at the given granularity, after the filters. */
export function stacksOfWindow(window: WindowProfile, granularity: Granularity = 'function', filters?: SampleFilters): WindowStacks {
  const { profile, profiles, filters: rest } = filteredWindow(window, filters);
  return { stacks: stacksFromProfiles([profile], { granularity, ...(rest ? { filters: rest } : {}) }), profiles };
}

/**
 * Reads a window from the store and names its frames at the given granularity, after the
 * filters (label filters see the labels the store keeps with each row).
 */
export async function windowStacks(reader: Pick<ProfileReader, 'window'>, query: WindowQuery, granularity: Granularity = 'function',
  filters?: SampleFilters): Promise<WindowStacks> {
  return stacksOfWindow(await reader.window(pushedDown(query, filters)), granularity, filters);
}
