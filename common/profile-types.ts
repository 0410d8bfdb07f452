/**
 * The profile types flamewatch answers queries for, and how each one maps onto the pprof
 * profiles Go writes. Go's block and mutex profiles share sample types, so a stored profile
 * carries its kind (which endpoint or upload it came from) besides its sample types.
 */

/** Which Go profile a stored profile is. */
export type ProfileKind = 'cpu' | 'heap' | 'goroutine' | 'block' | 'mutex' | 'other';

/** `sum`: add profiles (counters, CPU time, deltas); `mean`: average the snapshots of each series, then add series. */
export type Aggregation = 'sum' | 'mean';

export interface ProfileTypeInfo {
  /** The name used in the API, e.g. `inuse_space` or `block:delay`. */
  name: string;
  kind: ProfileKind;
  /** The pprof sample type name inside the profile. */
  sampleType: string;
  unit: string;
  /** Default aggregation over a time window. */
  aggregation: Aggregation;
  /** True for point-in-time snapshots (inuse_*, goroutine), false for counters over an interval. */
  snapshot: boolean;
}

const t = (name: string, kind: ProfileKind, sampleType: string, unit: string, snapshot: boolean): ProfileTypeInfo =>
  Object.freeze({ name, kind, sampleType, unit, aggregation: snapshot ? 'mean' : 'sum', snapshot });

/** Every known type, by API name. */
export const PROFILE_TYPES: Readonly<Record<string, ProfileTypeInfo>> = Object.freeze({
  cpu: t('cpu', 'cpu', 'cpu', 'nanoseconds', false),
  samples: t('samples', 'cpu', 'samples', 'count', false),
  inuse_space: t('inuse_space', 'heap', 'inuse_space', 'bytes', true),
  inuse_objects: t('inuse_objects', 'heap', 'inuse_objects', 'count', true),
  alloc_space: t('alloc_space', 'heap', 'alloc_space', 'bytes', false),
  alloc_objects: t('alloc_objects', 'heap', 'alloc_objects', 'count', false),
  goroutine: t('goroutine', 'goroutine', 'goroutine', 'count', true),
  'block:delay': t('block:delay', 'block', 'delay', 'nanoseconds', false),
  'block:contentions': t('block:contentions', 'block', 'contentions', 'count', false),
  'mutex:delay': t('mutex:delay', 'mutex', 'delay', 'nanoseconds', false),
  'mutex:contentions': t('mutex:contentions', 'mutex', 'contentions', 'count', false),
});

/** The API names of all known types, for messages. */
export const PROFILE_TYPE_NAMES: readonly string[] = Object.freeze(Object.keys(PROFILE_TYPES));

/**
 * Infers the kind of a profile from its sample type names. Block and mutex profiles look
 * alike; without a hint they are taken as block.
 */
export function inferKind(sampleTypeNames: readonly string[], hint?: ProfileKind): ProfileKind {
  if (hint) return hint;
  const has = (n: string) => sampleTypeNames.includes(n);
  if (has('cpu')) return 'cpu';
  if (has('inuse_space') || has('alloc_space')) return 'heap';
  if (has('goroutine')) return 'goroutine';
  if (has('contentions') && has('delay')) return 'block';
  return 'other';
}
