import type { LabelSet } from '../codec/identity.js';
import type { Profile } from '../codec/profile.js';
import type { PerLabelSet } from '../store/profile-store.js';
import { selectedSampleIndex } from './from-profile.js';
import { formatValue } from './format-units.js';
import { labelSetUnits, labelsOf, numLabelUnits, sampleLabels } from './sample-labels.js';
import type { SampleLabels } from './sample-labels.js';

export interface TagValue {
  /** The string value, or a numeric value formatted as pprof formats it (`16kB`). */
  value: string;
  total: number;
  /** total ÷ the key's total × 100. */
  pct: number;
}

export interface TagKey {
  key: string;
  /** Sum over the key's values (a sample with two values of the key counts twice, as in pprof). */
  total: number;
  values: TagValue[];
}

export interface TagsResult {
  type: string;
  unit: string;
  keys: TagKey[];
}

/**
 * `go tool pprof -tags`: for each label key (by name), each value's share of the selected
 * sample type, heaviest first. Numeric values are formatted in their unit, scaled (`16kB`).
 */
export function tagBreakdown(profiles: readonly Profile[], sampleIndex?: string): TagsResult {
  const index = selectedSampleIndex(profiles, sampleIndex);
  const units = numLabelUnits(profiles);
  const byKey = new Map<string, Map<string, number>>();
  const add = (key: string, value: string, v: number) => {
    let values = byKey.get(key);
    if (values === undefined) { values = new Map(); byKey.set(key, values); }
    values.set(value, (values.get(value) ?? 0) + v);
  };
  for (const p of profiles) {
    const width = p.sampleTypes.length;
    for (let i = 0; i < p.samples.count; i++) {
      if (p.samples.labels.offsets[i] === p.samples.labels.offsets[i + 1]) continue;
      const v = p.samples.values[i * width + index]!;
      const labels = sampleLabels(p, i);
      for (const key of new Set([...labels.strings.keys(), ...labels.numbers.keys()])) for (const value of tagValues(labels, key, units)) add(key, value, v);
    }
  }
  const keys: TagKey[] = [...byKey.keys()].sort().map((key) => {
    const entries = [...byKey.get(key)!];
    const total = entries.reduce((s, [, v]) => s + v, 0);
    entries.sort(([an, av], [bn, bv]) => (av !== bv && Math.abs(av) !== Math.abs(bv) ? Math.abs(bv) - Math.abs(av) : an < bn ? -1 : an > bn ? 1 : 0));
    return { key, total, values: entries.map(([value, t]) => ({ value, total: t, pct: total > 0 ? (100 * Math.abs(t)) / Math.abs(total) : 0 })) };
  });
  const type = profiles[0]!.sampleTypes[index]!;
  return { type: type.type, unit: type.unit, keys };
}

/** The values of a label key in one sample's labels as `-tags` prints them: strings, then numbers scaled in their unit (`16kB`). */
export function tagValues(labels: SampleLabels, key: string, units: ReadonlyMap<string, string>): string[] {
  const out = [...labels.strings.get(key) ?? []];
  for (const n of labels.numbers.get(key) ?? []) out.push(formatValue(n, units.get(key) ?? key, 'minimum'));
  return out;
}

/** The label keys of label sets, sorted. */
export function labelKeys(sets: readonly LabelSet[]): string[] {
  return [...new Set(sets.flatMap((set) => set.map((l) => l.key)))].sort();
}

/** The values of one label key in label sets as `-tags` prints them (units inferred over all the sets), sorted. */
export function labelKeyValues(sets: readonly LabelSet[], key: string): string[] {
  const values = valuesOfKey(key)(sets);
  return [...new Set(sets.flatMap((set) => [...values(set)]))].sort();
}

/** Each label set's values of one key, as `-tags` prints them: what a breakdown by that label groups by. */
export function valuesOfKey(key: string): PerLabelSet<readonly string[]> {
  return (sets) => {
    const units = labelSetUnits(sets);
    return (set) => (set.some((l) => l.key === key) ? tagValues(labelsOf(set), key, units) : []);
  };
}
