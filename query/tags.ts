import type { Profile } from '../codec/profile.js';
import { selectedSampleIndex } from './from-profile.js';
import { formatValue } from './format-units.js';
import { numLabelUnits, sampleLabels } from './sample-labels.js';

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
      for (const [key, values] of labels.strings) for (const s of values) add(key, s, v);
      for (const [key, values] of labels.numbers) {
        const unit = units.get(key) ?? key;
        for (const n of values) add(key, formatValue(n, unit, 'minimum'), v);
      }
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
