import { sampleLabelSet } from '../codec/identity.js';
import type { LabelSet } from '../codec/identity.js';
import type { Profile } from '../codec/profile.js';

/** The labels of one sample as pprof reads them: string values and numeric values per key. */
export interface SampleLabels {
  strings: Map<string, string[]>;
  numbers: Map<string, number[]>;
}

/** The labels of a label set, by key. */
export function labelsOf(set: LabelSet): SampleLabels {
  const out: SampleLabels = { strings: new Map(), numbers: new Map() };
  for (const l of set) {
    if ('str' in l) push(out.strings, l.key, l.str);
    else push(out.numbers, l.key, l.num);
  }
  return out;
}

/** The labels of sample `i`, as pprof reads them ({@link sampleLabelSet}). */
export function sampleLabels(profile: Profile, i: number): SampleLabels {
  return labelsOf(sampleLabelSet(profile, i));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** True when some sample of the profiles carries a label. */
export function hasSampleLabels(profiles: readonly Profile[]): boolean {
  return profiles.some((p) => p.samples.labels.key.length > 0);
}

/**
 * The unit of each numeric label key, as pprof's Profile.NumLabelUnits infers it from the
 * samples' label sets in sample order: the first unit given with the key's values; without
 * one, `bytes` for `alignment` and `request`, and the key itself otherwise.
 */
export function labelSetUnits(sets: Iterable<LabelSet>): Map<string, string> {
  const units = new Map<string, string>();
  const keys = new Set<string>();
  for (const set of sets) {
    for (const l of set) {
      if ('str' in l) continue;
      keys.add(l.key);
      if (l.unit !== '' && !units.has(l.key)) units.set(l.key, l.unit);
    }
  }
  for (const key of keys) {
    if ((units.get(key) ?? '') === '') units.set(key, key === 'alignment' || key === 'request' ? 'bytes' : key);
  }
  return units;
}

/** {@link labelSetUnits} of every sample of the profiles. */
export function numLabelUnits(profiles: readonly Profile[]): Map<string, string> {
  return labelSetUnits((function* sets() {
    for (const p of profiles) {
      const lt = p.samples.labels;
      for (let i = 0; i < p.samples.count; i++) if (lt.offsets[i] !== lt.offsets[i + 1]) yield sampleLabelSet(p, i);
    }
  })());
}
