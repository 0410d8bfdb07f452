import { ProfileTypeUnknown, TimeRangeInvalid } from '../common/errors.js';
import type { ValueType } from '../codec/profile.js';
import { PROFILE_TYPES, PROFILE_TYPE_NAMES, profileTypesOf } from '../common/profile-types.js';
import type { ProfileKind, ProfileTypeInfo } from '../common/profile-types.js';
import type { TypeSummary } from './profile-store.js';

/**
 * The rules every store backend applies when it reads a window, in one place: which types a
 * query may name, which time ranges it may ask for, and how long a window's series are present
 * for a time-weighted mean (see `store/ingest-rules.ts` for how long each profile stands).
 */

/** Rollup bucket sizes, the same in every backend: minutes and hours, finest first. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const RESOLUTIONS: readonly number[] = [MINUTE_MS, HOUR_MS];

/** The API type (a known one, or one of another producer stored before), or a catalogued error listing them. */
export function resolveType(name: string, others: ReadonlyMap<string, ProfileTypeInfo> = new Map()): ProfileTypeInfo {
  const info = (Object.hasOwn(PROFILE_TYPES, name) ? PROFILE_TYPES[name] : undefined) ?? others.get(name);
  if (info === undefined) throw new ProfileTypeUnknown(name, [...PROFILE_TYPE_NAMES, ...others.keys()].join(', '));
  return info;
}

/** Every type a query may ask for: the known types, then those of other producers by name. */
export function queryableTypes(others: ReadonlyMap<string, ProfileTypeInfo>): ProfileTypeInfo[] {
  return [...Object.values(PROFILE_TYPES), ...[...others.values()].sort((a, b) => (a.name < b.name ? -1 : 1))];
}

/** Throws unless `fromMs ≤ toMs`, both finite. */
export function checkRange(fromMs: number, toMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new TimeRangeInvalid(`from and to must be numbers (got ${fromMs}, ${toMs})`);
  if (fromMs > toMs) throw new TimeRangeInvalid(`from (${fromMs}) is after to (${toMs})`);
}

/** Throws unless a series step is a positive, finite number of ms. */
export function checkStep(stepMs: number): void {
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new TimeRangeInvalid(`step must be a positive number of ms (got ${stepMs})`);
}

/**
 * Length of the union of [start, end) spans given flat: the time in which at least one
 * selected series is present, the divisor of a time-weighted mean.
 */
export function unionLength(spans: readonly number[]): number {
  const pairs: [number, number][] = [];
  for (let i = 0; i < spans.length; i += 2) if (spans[i + 1]! > spans[i]!) pairs.push([spans[i]!, spans[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  let total = 0, start = -Infinity, end = -Infinity;
  for (const [a, b] of pairs) {
    if (a > end) {
      if (end > start) total += end - start;
      start = a;
      end = b;
    } else if (b > end) end = b;
  }
  if (end > start) total += end - start;
  return total;
}

/**
 * A step's value in a series: the sum, or for `mean` each profile's total weighted by the time
 * it stands for its series (as a window's mean), or the plain mean when none stands for any.
 */
export function stepValue(agg: 'sum' | 'mean', sum: number, weighted: number, cover: number, profiles: number): number {
  return agg === 'sum' ? sum : cover > 0 ? weighted / cover : sum / profiles;
}

/** Stored profiles of one series, kind and list of sample types in a window. */
export interface TypeGroup {
  kind: ProfileKind;
  sampleTypes: readonly ValueType[];
  count: number;
  firstMs: number;
  lastMs: number;
  /** Sampling period and its type (`space`, `cpu`, …) of the group's newest profile. */
  period: number;
  periodType: string;
}

/**
 * The types present in a window, from its groups in series order: each queryable type with its
 * unit, the profiles answering it, the first and last times, and the period of the newest.
 */
export function summarizeTypes(groups: Iterable<TypeGroup>): TypeSummary[] {
  const out = new Map<string, TypeSummary>();
  for (const g of groups) {
    const typed = profileTypesOf(g.kind, g.sampleTypes);
    if ('problem' in typed) continue;
    for (const { name, sampleType } of typed.types) {
      const unit = g.sampleTypes.find((t) => t.type === sampleType)!.unit;
      const s = out.get(name);
      if (s === undefined) {
        out.set(name, { type: name, unit, profiles: g.count, period: g.period, periodType: g.periodType, firstMs: g.firstMs, lastMs: g.lastMs });
        continue;
      }
      s.profiles += g.count;
      s.firstMs = Math.min(s.firstMs, g.firstMs);
      if (g.lastMs >= s.lastMs) {
        s.lastMs = g.lastMs;
        s.period = g.period;
        s.periodType = g.periodType;
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
