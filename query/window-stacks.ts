import type { ProfileReader, WindowQuery } from '../store/profile-store.js';
import type { SampleFilters } from './filters.js';
import { stacksFromProfiles } from './from-profile.js';
import type { Granularity, StackSet } from './stack-set.js';

/** The stacks of a stored window, ready for the analyses, with the number of profiles merged. */
export interface WindowStacks {
  stacks: StackSet;
  profiles: number;
}

/**
 * Reads a window from the store and names its frames at the given granularity, after the
 * filters (label filters see the labels the store keeps with each sample).
 */
export function windowStacks(reader: Pick<ProfileReader, 'window'>, query: WindowQuery, granularity: Granularity = 'function',
  filters?: SampleFilters): WindowStacks {
  const { profile, profiles } = reader.window(query);
  return { stacks: stacksFromProfiles([profile], { granularity, ...(filters ? { filters } : {}) }), profiles };
}
