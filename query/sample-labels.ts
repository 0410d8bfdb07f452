import type { Profile } from '../codec/profile.js';

/** The labels of one sample as pprof reads them: string values and numeric values per key. */
export interface SampleLabels {
  strings: Map<string, string[]>;
  numbers: Map<string, number[]>;
}

/**
 * The labels of sample `i`. As pprof decodes them, a label with a string value is a string
 * label; one without, but with a number or a unit, is numeric; anything else is dropped.
 */
export function sampleLabels(profile: Profile, i: number): SampleLabels {
  const lt = profile.samples.labels, strings = profile.strings;
  const out: SampleLabels = { strings: new Map(), numbers: new Map() };
  for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
    const key = strings[lt.key[k]!]!;
    if (lt.str[k] !== 0) push(out.strings, key, strings[lt.str[k]!]!);
    else if (lt.num[k] !== 0 || lt.numUnit[k] !== 0) push(out.numbers, key, lt.num[k]!);
  }
  return out;
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
 * The unit of each numeric label key, as pprof's Profile.NumLabelUnits infers it: the first
 * unit given with the key's values; without one, `bytes` for `alignment` and `request`, and
 * the key itself otherwise.
 */
export function numLabelUnits(profiles: readonly Profile[]): Map<string, string> {
  const units = new Map<string, string>();
  const keys = new Set<string>();
  for (const p of profiles) {
    const lt = p.samples.labels;
    for (let k = 0; k < lt.key.length; k++) {
      if (lt.str[k] !== 0 || (lt.num[k] === 0 && lt.numUnit[k] === 0)) continue;
      const key = p.strings[lt.key[k]!]!;
      keys.add(key);
      const unit = p.strings[lt.numUnit[k]!]!;
      if (unit !== '' && !units.has(key)) units.set(key, unit);
    }
  }
  for (const key of keys) {
    if ((units.get(key) ?? '') === '') units.set(key, key === 'alignment' || key === 'request' ? 'bytes' : key);
  }
  return units;
}
