import { createHash } from 'node:crypto';
import { ProfileNotQueryable } from '../common/errors.js';
import { inferKind, profileTypesOf } from '../common/profile-types.js';
import type { ProfileKind, ProfileTypeInfo } from '../common/profile-types.js';
import { DEFAULTS } from '../config/defaults.js';
import type { IngestRequest } from './profile-store.js';

/**
 * The rules every store backend applies to a profile before it stores it, in one place:
 *
 * - the kind is the request's, else inferred from the sample types, and every sample type must
 *   be queryable under it, else the profile is refused (FW_PROFILE_NOT_QUERYABLE);
 * - the time is the request's, else the profile's `time_nanos`, else now;
 * - the interval (the longest a profile stands for its series in a time-weighted mean) is the
 *   request's, else the profile's duration, else the default scrape interval;
 * - a push is identified by its content: the SHA-256 of the bytes as received. A push with the
 *   same content, labels (series), kind and time as a stored one is that profile: the backend
 *   answers its id with `created: false` and stores nothing.
 */
export interface ResolvedIngest {
  kind: ProfileKind;
  types: ProfileTypeInfo[];
  timeMs: number;
  intervalMs: number;
  /** Hex SHA-256 of the received bytes, for pushes. */
  contentHash?: string;
}

/** Applies the ingest rules to a request (see {@link ResolvedIngest}). */
export function resolveIngest(req: IngestRequest, now: () => number = Date.now): ResolvedIngest {
  const p = req.profile;
  const kind = inferKind(p.sampleTypes.map((t) => t.type), req.kind);
  const typed = profileTypesOf(kind, p.sampleTypes);
  if ('problem' in typed) throw new ProfileNotQueryable(typed.problem);
  const timeMs = req.timeMs ?? (p.timeNanos > 0 ? Math.floor(p.timeNanos / 1e6) : now());
  const fromDuration = Math.round(p.durationNanos / 1e6);
  const intervalMs = Math.max(1, Math.round(req.intervalMs ?? (fromDuration > 0 ? fromDuration : DEFAULTS.target.intervalMs)));
  const resolved: ResolvedIngest = { kind, types: typed.types, timeMs, intervalMs };
  if (req.content !== undefined) resolved.contentHash = createHash('sha256').update(req.content).digest('hex');
  return resolved;
}

/**
 * How long a profile stands for its series in a time-weighted mean: until the next profile of
 * the same series, kind and sample types, at most its interval.
 */
export function coverMs(timeMs: number, intervalMs: number, nextTimeMs: number | undefined): number {
  return nextTimeMs === undefined ? intervalMs : Math.min(intervalMs, nextTimeMs - timeMs);
}

/** Stored values are integers, as pprof's are (a mean is computed when read, never stored). */
export function checkStoredValue(v: number): void {
  if (!Number.isInteger(v)) throw new RangeError(`sample value ${v} is not an integer`);
}

/** A profile's total per sample type, as stored with it: Σ|value| of each column of `values` (`width` columns, row-major). */
export function columnTotals(values: Float64Array, width: number): number[] {
  const totals = new Array<number>(width);
  for (let c = 0; c < width; c++) {
    let total = 0;
    for (let i = c; i < values.length; i += width) total += Math.abs(values[i]!);
    totals[c] = total;
  }
  return totals;
}
