/**
 * The profile types flamewatch answers queries for, and how each one maps onto the pprof
 * profiles Go writes. Go's block and mutex profiles share sample types, so a stored profile
 * carries its kind (which endpoint or upload it came from) besides its sample types.
 */

/** Which Go profile a stored profile is. */
export type ProfileKind = 'cpu' | 'heap' | 'goroutine' | 'block' | 'mutex' | 'other';

/**
 * `sum`: add profiles (counters, CPU time, deltas); `mean`: the time-weighted mean of the total
 * across the selected series (each profile stands for its series until the series' next one,
 * at most its interval).
 */
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

/** Names a sample type of another producer may have to be queryable: letters, digits, `_`, `.`, `-`. */
const OTHER_TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Units may not hold the separators of the stored sample-type list. */
const OTHER_UNIT = /^[^,/]*$/;

/** The known type of a Go kind for one sample type, if any. */
function knownType(kind: ProfileKind, sampleType: string): ProfileTypeInfo | undefined {
  for (const info of Object.values(PROFILE_TYPES)) if (info.kind === kind && info.sampleType === sampleType) return info;
  return undefined;
}

/**
 * The API type of a sample type of a profile of kind `other` (another producer, e.g. a Node.js
 * wall-time profile): its own name (`wall`), or `other:NAME` when NAME is a known type's name.
 * Summed over a window, as counters are.
 */
export function otherType(sampleType: string, unit: string): ProfileTypeInfo {
  const name = Object.hasOwn(PROFILE_TYPES, sampleType) ? `other:${sampleType}` : sampleType;
  return Object.freeze({ name, kind: 'other' as const, sampleType, unit, aggregation: 'sum' as const, snapshot: false });
}

/** The sample type an API type name stands for when it is not a known type (`wall`, `other:samples`). */
export function otherSampleType(name: string): string | undefined {
  const sampleType = name.startsWith('other:') ? name.slice('other:'.length) : name;
  if (!OTHER_TYPE_NAME.test(sampleType) || (sampleType === name && Object.hasOwn(PROFILE_TYPES, name))) return undefined;
  return sampleType;
}

/** The API types one profile answers, one per sample type, or why it cannot be queried (then it is refused). */
export type ProfileTypesOf = { types: ProfileTypeInfo[] } | { problem: string };

/**
 * Every sample type of an accepted profile must be queryable. A Go kind answers the known types
 * of that kind and no others; a profile of kind `other` answers one type per sample type
 * ({@link otherType}), whose names must be type names and appear once.
 */
export function profileTypesOf(kind: ProfileKind, sampleTypes: readonly { type: string; unit: string }[]): ProfileTypesOf {
  const describe = (types: readonly { type: string; unit: string }[]) => types.map((st) => `${st.type}/${st.unit}`).join(', ');
  if (kind !== 'other') {
    const types = sampleTypes.map((st) => knownType(kind, st.type));
    if (types.every((x) => x !== undefined)) return { types: types as ProfileTypeInfo[] };
    const wanted = Object.values(PROFILE_TYPES).filter((x) => x.kind === kind).map((x) => ({ type: x.sampleType, unit: x.unit }));
    return { problem: `kind "${kind}" has the sample types ${describe(wanted)}, but the profile has ${describe(sampleTypes)}` };
  }
  const seen = new Set<string>();
  for (const st of sampleTypes) {
    if (!OTHER_TYPE_NAME.test(st.type)) return { problem: `sample type "${st.type}" is not a type name (letters, digits, _ . - ; not starting with a digit)` };
    if (!OTHER_UNIT.test(st.unit)) return { problem: `unit "${st.unit}" of sample type "${st.type}" holds "," or "/"` };
    if (seen.has(st.type)) return { problem: `sample type "${st.type}" appears twice` };
    seen.add(st.type);
  }
  return { types: sampleTypes.map((st) => otherType(st.type, st.unit)) };
}

/**
 * Infers the kind of a profile from its sample types: a Go kind when every sample type is one
 * of that kind's, else `other`. Block and mutex profiles look alike; without a hint they are
 * taken as block.
 */
export function inferKind(sampleTypeNames: readonly string[], hint?: ProfileKind): ProfileKind {
  if (hint) return hint;
  const has = (n: string) => sampleTypeNames.includes(n);
  let kind: ProfileKind = 'other';
  if (has('cpu')) kind = 'cpu';
  else if (has('inuse_space') || has('alloc_space')) kind = 'heap';
  else if (has('goroutine')) kind = 'goroutine';
  else if (has('contentions') && has('delay')) kind = 'block';
  return sampleTypeNames.every((n) => knownType(kind, n) !== undefined) ? kind : 'other';
}
