import { NoProfiles, SampleTypeMismatch, SampleTypeUnknown } from '../common/errors.js';
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

/** Resolves a sample type name (or numeric index) to an index, defaulting as pprof does. */
export function sampleTypeIndex(types: readonly ValueType[], defaultType: string, wanted?: string): number {
  if (wanted === undefined || wanted === '') {
    const byDefault = defaultType === '' ? -1 : types.findIndex((t) => t.type === defaultType);
    return byDefault >= 0 ? byDefault : types.length - 1;
  }
  const byName = types.findIndex((t) => t.type === wanted);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(wanted) && Number(wanted) < types.length) return Number(wanted);
  throw new SampleTypeUnknown(wanted, types.map((t) => t.type).join(', '));
}
