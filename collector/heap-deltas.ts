import { sampleLabelsKey } from '../codec/identity.js';
import { columnIndexes, withSamples } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';

/** Sample types that Go reports as counters since process start: stored as deltas. */
export const ALLOC_COLUMNS: readonly string[] = Object.freeze(['alloc_objects', 'alloc_space']);
/** Sample types that are point-in-time: stored as snapshots, averaged over a window. */
export const INUSE_COLUMNS: readonly string[] = Object.freeze(['inuse_objects', 'inuse_space']);

/** What the tracker made of one scrape. */
export type DeltaOutcome =
  | { kind: 'baseline' }
  | { kind: 'restart'; reason: string }
  | { kind: 'delta'; profile: Profile; intervalMs: number };

/**
 * The identity of a sample across scrapes of one process: its stack (addresses, or function
 * and line where a location has no address) and its labels. Location ids are not used: Go
 * numbers them afresh in every profile.
 */
export function sampleKeys(profile: Profile): string[] {
  const locKeys = profile.locations.map((l) => (l.address !== 0
    ? l.address.toString(36)
    : l.lines.map((ln) => `${profile.functions[ln.function]!.name}:${ln.line}`).join('>')));
  const s = profile.samples;
  const keys = new Array<string>(s.count);
  for (let i = 0; i < s.count; i++) {
    let key = '';
    for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) key += `${locKeys[s.locations[k]!]},`;
    const labels = sampleLabelsKey(profile, i);
    keys[i] = labels === '' ? key : `${key}|${labels}`;
  }
  return keys;
}

/**
 * Turns cumulative counters (alloc_*, block, mutex) into exact per-sample deltas between
 * consecutive scrapes of one process. The first scrape is the baseline; a sample whose
 * counter went down (or vanished) means the process restarted: the scrape becomes the new
 * baseline and no delta is produced, never a negative value.
 */
export class DeltaTracker {
  private previous: Map<string, Float64Array> | null = null;
  private previousTimeMs = 0;

  constructor(private readonly columns: readonly string[]) {}

  /** Forgets the baseline: the next scrape starts afresh. */
  reset(): void {
    this.previous = null;
  }

  next(profile: Profile, timeMs: number): DeltaOutcome {
    const cols = columnIndexes(profile, this.columns);
    const width = profile.sampleTypes.length, w = cols.length;
    const keys = sampleKeys(profile);
    const current = new Map<string, Float64Array>();
    const firstIndex = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) {
      let row = current.get(keys[i]!);
      if (!row) {
        current.set(keys[i]!, (row = new Float64Array(w)));
        firstIndex.set(keys[i]!, i);
      }
      for (let c = 0; c < w; c++) row[c]! += profile.samples.values[i * width + cols[c]!]!;
    }
    const previous = this.previous, previousTimeMs = this.previousTimeMs;
    this.previous = current;
    this.previousTimeMs = timeMs;
    if (previous === null) return { kind: 'baseline' };

    for (const [key, before] of previous) {
      const now = current.get(key);
      if (!now) {
        if (before.some((v) => v !== 0)) return { kind: 'restart', reason: 'a stack seen before is gone' };
        continue;
      }
      for (let c = 0; c < w; c++) if (now[c]! < before[c]!) return { kind: 'restart', reason: `${this.columns[c]} went down` };
    }
    const keep: number[] = [];
    const values: number[] = [];
    for (const [key, now] of current) {
      const before = previous.get(key);
      let any = false;
      for (let c = 0; c < w; c++) if (now[c]! - (before?.[c] ?? 0) !== 0) any = true;
      if (!any) continue;
      keep.push(firstIndex.get(key)!);
      for (let c = 0; c < w; c++) values.push(now[c]! - (before?.[c] ?? 0));
    }
    const intervalMs = Math.max(0, timeMs - previousTimeMs);
    const delta = withSamples(profile, cols, keep, Float64Array.from(values), profile.defaultSampleType && this.columns.includes(profile.defaultSampleType) ? profile.defaultSampleType : '');
    delta.timeNanos = timeMs * 1e6;
    delta.durationNanos = intervalMs * 1e6;
    return { kind: 'delta', profile: delta, intervalMs };
  }
}
