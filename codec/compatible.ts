import { NoProfiles, SampleTypeMismatch } from '../common/errors.js';
import type { Profile, ValueType } from './profile.js';

/** Renders sample types as `type/unit` joined by `separator` (messages use the default). */
export function describeSampleTypes(types: readonly ValueType[], separator = ', '): string {
  return types.map((t) => `${t.type}/${t.unit}`).join(separator);
}

/** Throws unless the profiles have the same sample types in the same order, as pprof requires to merge. */
export function assertCompatible(profiles: readonly Profile[]): void {
  if (profiles.length === 0) throw new NoProfiles();
  const first = describeSampleTypes(profiles[0]!.sampleTypes);
  for (const p of profiles) {
    const other = describeSampleTypes(p.sampleTypes);
    if (other !== first) throw new SampleTypeMismatch(first, other);
  }
}
