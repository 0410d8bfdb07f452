import { columnIndexes, withSamples } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';
import { IdTable } from '../store/id-table.js';
import { sampleLabelKeys } from '../store/label-sets.js';
import { murmurFinalize, murmurMix } from '../store/murmur.js';

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
 * The identity of each sample across scrapes of one process, as two 32-bit words (a 64-bit
 * hash; `hashes[2i]`, `hashes[2i+1]`): of its stack (addresses, or function and line where a
 * location has no address) and its labels. Location ids are not used: Go numbers them afresh
 * in every profile. Each location's and label set's text is numbered once in `ids` (pass the
 * same map for hashes that are compared), and the hash is two murmur3 lanes over those
 * numbers: 8 bytes per sample, where a string key took about a hundred. Two distinct samples
 * of one process share a hash with odds of about n²/2⁶⁵ (1 in 6·10¹⁰ for 24,000 samples).
 */
export function sampleHashes(profile: Profile, ids: Map<string, number> = new Map()): Uint32Array {
  const idOf = (text: string) => {
    let id = ids.get(text);
    if (id === undefined) ids.set(text, (id = ids.size));
    return id;
  };
  const locIds = Uint32Array.from(profile.locations, (l) => idOf(l.address !== 0
    ? l.address.toString(36)
    : l.lines.map((ln) => `${profile.functions[ln.function]!.name}:${ln.line}`).join('>')));
  const s = profile.samples, offsets = s.stackOffsets, locations = s.locations;
  const hashes = new Uint32Array(s.count * 2);
  // Label sets are few: each distinct one is written out and numbered once per profile.
  const labelKeys = sampleLabelKeys(profile);
  const labelIds = labelKeys === undefined ? undefined : Int32Array.from(labelKeys.keys, (key) => (key === '' ? -1 : idOf(key)));
  for (let i = 0; i < s.count; i++) {
    const start = offsets[i]!, end = offsets[i + 1]!;
    let a = end - start, b = a ^ 0x5bd1e995;
    for (let k = start; k < end; k++) {
      const id = locIds[locations[k]!]!;
      a = murmurMix(a, id);
      b = murmurMix(b, id ^ 0x9e3779b9);
    }
    const id = labelIds === undefined ? -1 : labelIds[labelKeys!.of[i]!]!;
    if (id >= 0) {
      a = murmurMix(a ^ 0x7fffffff, id);
      b = murmurMix(b ^ 0x7fffffff, id ^ 0x9e3779b9);
    }
    hashes[2 * i] = murmurFinalize(a);
    hashes[2 * i + 1] = murmurFinalize(b);
  }
  return hashes;
}

/** One scrape's counters, kept as the next scrape's baseline: per distinct sample hash a row of `w` values. */
interface Counters {
  /** The hash of each row, two words per row. */
  hashes: Uint32Array;
  values: Float64Array;
  count: number;
}

/**
 * Turns cumulative counters (alloc_*, block, mutex) into exact per-sample deltas between
 * consecutive scrapes of one process. The first scrape is the baseline; a sample whose
 * counter went down (or vanished) means the process restarted: the scrape becomes the new
 * baseline and no delta is produced, never a negative value.
 */
export class DeltaTracker {
  /** The last scrape's counters. */
  private previous: Counters | null = null;
  private previousTimeMs = 0;
  /** Numbers of the location and label texts of this process (sampleHashes). */
  private ids = new Map<string, number>();

  constructor(private readonly columns: readonly string[]) {}

  /** Forgets the baseline: the next scrape starts afresh. */
  reset(): void {
    this.previous = null;
    this.ids = new Map();
  }

  next(profile: Profile, timeMs: number): DeltaOutcome {
    const cols = columnIndexes(profile, this.columns);
    const width = profile.sampleTypes.length, w = cols.length, n = profile.samples.count, sampleValues = profile.samples.values;
    const sampleHash = sampleHashes(profile, this.ids);
    // Samples of one hash are summed into one row; a row's first sample stands for it in the delta.
    const rows = new IdTable(2, n);
    const firstIndex: number[] = [];
    const rowHashes = new Uint32Array(n * 2);
    const summed = new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      let row = rows.get(sampleHash, 2 * i);
      if (row < 0) {
        row = firstIndex.length;
        rows.set(sampleHash, 2 * i, row);
        rowHashes[2 * row] = sampleHash[2 * i]!;
        rowHashes[2 * row + 1] = sampleHash[2 * i + 1]!;
        firstIndex.push(i);
      }
      for (let c = 0; c < w; c++) summed[row * w + c]! += sampleValues[i * width + cols[c]!]!;
    }
    const count = firstIndex.length;
    const current: Counters = { hashes: rowHashes.slice(0, count * 2), values: summed.slice(0, count * w), count };
    const previous = this.previous, previousTimeMs = this.previousTimeMs;
    this.previous = current;
    this.previousTimeMs = timeMs;
    if (previous === null) return { kind: 'baseline' };

    const values = current.values, before = previous.values;
    // Each row's row in the baseline, -1 for a new one: only the current rows need a table.
    const baselineRow = new Int32Array(count).fill(-1);
    for (let p = 0; p < previous.count; p++) {
      const now = rows.get(previous.hashes, 2 * p);
      if (now < 0) {
        for (let c = 0; c < w; c++) if (before[p * w + c] !== 0) return this.restart(profile, timeMs, 'a stack seen before is gone');
        continue;
      }
      baselineRow[now] = p;
      for (let c = 0; c < w; c++) if (values[now * w + c]! < before[p * w + c]!) return this.restart(profile, timeMs, `${this.columns[c]} went down`);
    }
    const keep: number[] = [];
    const deltas: number[] = [];
    for (let row = 0; row < count; row++) {
      const p = baselineRow[row]!;
      let any = false;
      for (let c = 0; c < w; c++) if (values[row * w + c]! - (p < 0 ? 0 : before[p * w + c]!) !== 0) any = true;
      if (!any) continue;
      keep.push(firstIndex[row]!);
      for (let c = 0; c < w; c++) deltas.push(values[row * w + c]! - (p < 0 ? 0 : before[p * w + c]!));
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
