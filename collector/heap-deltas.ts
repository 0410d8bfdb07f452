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
 * numbers them afresh in every profile. Each location's and label set's text is numbered once
 * in `ids` (pass the same map for keys that are compared), and a key is those numbers as a flat
 * string of two UTF-16 units each: about 64 bytes for a 30-frame stack, where the text itself
 * (a rope of address strings) took over 1 KB per sample of a large heap profile.
 */
export function sampleKeys(profile: Profile, ids: Map<string, number> = new Map()): string[] {
  const idOf = (text: string) => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size));
    return id;
  };
  const locIds = profile.locations.map((l) => idOf(l.address !== 0
    ? l.address.toString(36)
    : l.lines.map((ln) => `${profile.functions[ln.function]!.name}:${ln.line}`).join('>')));
  const s = profile.samples;
  const keys = new Array<string>(s.count);
  const units: number[] = [];
  for (let i = 0; i < s.count; i++) {
    units.length = 0;
    for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) {
      const id = locIds[s.locations[k]!]!;
      units.push(id >>> 16, id & 0xffff);
    }
    const labels = sampleLabelsKey(profile, i);
    if (labels !== '') {
      // A separator no location number can make: 0xffff as the high unit needs 2^32 ids.
      const id = idOf(labels);
      units.push(0xffff, id >>> 16, id & 0xffff);
    }
    keys[i] = String.fromCharCode(...units);
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
  /** The last scrape: each key's row in `values` (w columns per row). */
  private previous: { rows: Map<string, number>; values: Float64Array } | null = null;
  private previousTimeMs = 0;
  /** Numbers of the location and label texts of this process (sampleKeys). */
  private ids = new Map<string, number>();

  constructor(private readonly columns: readonly string[]) {}

  /** Forgets the baseline: the next scrape starts afresh. */
  reset(): void {
    this.previous = null;
    this.ids = new Map();
  }

  next(profile: Profile, timeMs: number): DeltaOutcome {
    const cols = columnIndexes(profile, this.columns);
    const width = profile.sampleTypes.length, w = cols.length;
    const keys = sampleKeys(profile, this.ids);
    // Samples of one key are summed into one row; a row's first sample stands for it in the delta.
    const rows = new Map<string, number>();
    const firstIndex: number[] = [];
    const values = new Float64Array(keys.length * w);
    for (let i = 0; i < keys.length; i++) {
      let row = rows.get(keys[i]!);
      if (row === undefined) {
        rows.set(keys[i]!, (row = firstIndex.length));
        firstIndex.push(i);
      }
      for (let c = 0; c < w; c++) values[row * w + c]! += profile.samples.values[i * width + cols[c]!]!;
    }
    const previous = this.previous, previousTimeMs = this.previousTimeMs;
    this.previous = { rows, values: values.slice(0, firstIndex.length * w) };
    this.previousTimeMs = timeMs;
    if (previous === null) return { kind: 'baseline' };

    for (const [key, before] of previous.rows) {
      const now = rows.get(key);
      if (now === undefined) {
        for (let c = 0; c < w; c++) if (previous.values[before * w + c] !== 0) return this.restart(profile, timeMs, 'a stack seen before is gone');
        continue;
      }
      for (let c = 0; c < w; c++) if (values[now * w + c]! < previous.values[before * w + c]!) return this.restart(profile, timeMs, `${this.columns[c]} went down`);
    }
    const keep: number[] = [];
    const deltas: number[] = [];
    for (const [key, now] of rows) {
      const before = previous.rows.get(key);
      let any = false;
      for (let c = 0; c < w; c++) if (values[now * w + c]! - (before === undefined ? 0 : previous.values[before * w + c]!) !== 0) any = true;
      if (!any) continue;
      keep.push(firstIndex[now]!);
      for (let c = 0; c < w; c++) deltas.push(values[now * w + c]! - (before === undefined ? 0 : previous.values[before * w + c]!));
    }
    const intervalMs = Math.max(0, timeMs - previousTimeMs);
    const delta = withSamples(profile, cols, keep, Float64Array.from(deltas), profile.defaultSampleType && this.columns.includes(profile.defaultSampleType) ? profile.defaultSampleType : '');
    delta.timeNanos = timeMs * 1e6;
    delta.durationNanos = intervalMs * 1e6;
    return { kind: 'delta', profile: delta, intervalMs };
  }

  /** A new process: this scrape is its baseline, keyed afresh so the old process's texts are let go. */
  private restart(profile: Profile, timeMs: number, reason: string): DeltaOutcome {
    this.reset();
    this.next(profile, timeMs);
    return { kind: 'restart', reason };
  }
}
