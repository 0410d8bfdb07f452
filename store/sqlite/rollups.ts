import type Database from 'better-sqlite3';
import type { Dictionary } from './dictionary.js';
import { RowSums } from './row-sums.js';
import { accumulateAll, encodeSamples } from './sample-blob.js';
import { parseSampleTypes } from './sample-types.js';
import { VarintWriter } from './varint.js';
import { HOUR_MS, MINUTE_MS, RESOLUTIONS } from '../window-rules.js';


/** What one compaction wrote. */
export interface CompactionResult {
  minutes: number;
  hours: number;
}

type ProfileRow = [number, string, number, string, Uint8Array, number];

/**
 * Values at or above this are not exact in a packed blob: a bucket whose sums reach it is not
 * rolled up; one whose cover-weighted sums reach it (a busy CPU hour: ns × ms) is rolled up
 * without them, an empty `weighted` blob, and a mean over it weighs its sums by the mean cover
 * of its profiles (exact when they were scraped at one interval).
 */
const EXACT_LIMIT = 2 ** 52;
const NO_WEIGHTS = new Uint8Array(0);

/**
 * Pre-merged buckets per (series, kind, minute | hour): the summed values of every stored row —
 * a (stack, label set) — over
 * the raw profiles in the bucket and how many profiles that is (for `sum`), and the values
 * weighted by the time each profile stands for its series with the spans of that time (for the
 * time-weighted `mean`). A bucket is rolled up once it has closed; a profile that arrives later for
 * a rolled-up bucket deletes that bucket's rollup and marks it dirty for the next compaction,
 * so a rollup always equals its raw profiles.
 */
export class Rollups {
  /** Per resolution: every bucket before this time has been compacted. */
  readonly watermarks = new Map<number, number>();
  private readonly writer = new VarintWriter(1 << 16);
  private readonly stmts;

  constructor(private readonly db: Database.Database, private readonly dict: Dictionary) {
    for (const [res, until] of db.prepare('SELECT resolution_ms, compacted_until_ms FROM rollup_state').raw().all() as [number, number][]) {
      this.watermarks.set(res, until);
    }
    this.stmts = {
      invalidate: db.prepare('DELETE FROM rollups WHERE series = ? AND kind = ? AND resolution_ms = ? AND bucket_ms = ?'),
      markDirty: db.prepare('INSERT OR IGNORE INTO rollup_dirty (series, kind, resolution_ms, bucket_ms) VALUES (?, ?, ?, ?)'),
      dirty: db.prepare('SELECT series, kind, bucket_ms FROM rollup_dirty WHERE resolution_ms = ?').raw(),
      clearDirty: db.prepare('DELETE FROM rollup_dirty WHERE resolution_ms = ?'),
      buckets: db.prepare(`SELECT DISTINCT series, kind, time_ms - time_ms % ? FROM profiles
        WHERE time_ms >= ? AND time_ms < ?`).raw(),
      bucket: db.prepare(`SELECT series, kind, time_ms, sample_types, samples, cover_ms FROM profiles
        WHERE series = ? AND kind = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms`).raw(),
      first: db.prepare('SELECT MIN(time_ms) FROM profiles').pluck(),
      upsert: db.prepare(`INSERT OR REPLACE INTO rollups (series, kind, resolution_ms, bucket_ms, profiles, sample_types, samples, weighted, spans)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      setWatermark: db.prepare('INSERT OR REPLACE INTO rollup_state (resolution_ms, compacted_until_ms) VALUES (?, ?)'),
    };
  }

  /** Called inside an ingest transaction: invalidates the rolled-up buckets a late profile falls in. */
  noteIngest(series: number, kind: string, timeMs: number): void {
    for (const res of RESOLUTIONS) {
      const until = this.watermarks.get(res);
      if (until === undefined || timeMs >= until) continue;
      const bucket = Math.floor(timeMs / res) * res;
      this.stmts.invalidate.run(series, kind, res, bucket);
      this.stmts.markDirty.run(series, kind, res, bucket);
    }
  }

  /** Rolls up every bucket that closed at least `graceMs` before `nowMs`, and the dirty ones. */
  compact(nowMs: number, graceMs: number): CompactionResult {
    const written = new Map<number, number>();
    this.db.transaction(() => {
      for (const res of RESOLUTIONS) {
        let count = 0;
        const closed = Math.floor((nowMs - graceMs) / res) * res;
        const first = this.stmts.first.get() as number | null;
        const from = this.watermarks.get(res) ?? (first === null ? closed : Math.floor(first / res) * res);
        const buckets = closed > from ? this.stmts.buckets.all(res, from, closed) as [number, string, number][] : [];
        for (const [series, kind, bucket] of this.stmts.dirty.all(res) as [number, string, number][]) {
          this.stmts.invalidate.run(series, kind, res, bucket);
          buckets.push([series, kind, bucket]);
        }
        for (const [series, kind, bucket] of buckets) {
          count += this.rollRows(res, this.stmts.bucket.all(series, kind, bucket, bucket + res) as ProfileRow[]);
        }
        this.stmts.clearDirty.run(res);
        const until = Math.max(from, closed);
        this.stmts.setWatermark.run(res, until);
        this.watermarks.set(res, until);
        written.set(res, count);
      }
    })();
    return { minutes: written.get(MINUTE_MS) ?? 0, hours: written.get(HOUR_MS) ?? 0 };
  }

  /** Merges consecutive rows of the same (series, kind, bucket); returns the rollups written. */
  private rollRows(res: number, rows: readonly ProfileRow[]): number {
    let written = 0;
    let key = '';
    let series = 0, kind = '', bucket = 0, sampleTypes = '', profiles = 0, uniform = true;
    let sums: RowSums | undefined;
    const byWidth = new Map<number, RowSums>();
    let spans: number[] = [];
    const flush = () => {
      if (sums !== undefined && profiles > 0 && uniform) {
        const width = sums.width;
        const slots = sums.sorted();
        const n = slots.length;
        const stackIds = new Uint32Array(n), labelSetIds = new Uint32Array(n);
        const values = new Float64Array(n * width), weights = new Float64Array(n * width);
        const [acc, weighted] = sums.layers as [Float64Array, Float64Array];
        let exact = true, exactWeights = true;
        for (let i = 0; i < n; i++) {
          const s = slots[i]!;
          stackIds[i] = sums.stackOf(s);
          labelSetIds[i] = sums.labelSetOf(s);
          for (let c = 0; c < width; c++) {
            values[i * width + c] = acc[s * width + c]!;
            weights[i * width + c] = weighted[s * width + c]!;
            if (Math.abs(values[i * width + c]!) >= EXACT_LIMIT) exact = false;
            if (Math.abs(weights[i * width + c]!) >= EXACT_LIMIT) exactWeights = false;
          }
        }
        if (exact) {
          const samples = encodeSamples(this.writer, n, width, stackIds, values, labelSetIds);
          const weightedBlob = exactWeights ? encodeSamples(this.writer, n, width, stackIds, weights, labelSetIds) : NO_WEIGHTS;
          this.stmts.upsert.run(series, kind, res, bucket, profiles, sampleTypes, samples, weightedBlob, JSON.stringify(spans));
          written++;
        }
      }
      sums?.clear();
      sums = undefined;
      spans = [];
      profiles = 0;
      uniform = true;
    };
    for (const [s, k, t, types, blob, cover] of rows) {
      const b = Math.floor(t / res) * res;
      const rowKey = `${s}\0${k}\0${b}`;
      if (rowKey !== key) {
        flush();
        key = rowKey;
        series = s; kind = k; bucket = b; sampleTypes = types;
        const width = parseSampleTypes(types).length;
        sums = byWidth.get(width);
        if (sums === undefined) byWidth.set(width, (sums = new RowSums(this.dict.stackCapacity, width, 2)));
      }
      if (types !== sampleTypes) uniform = false;
      if (!uniform) continue;
      accumulateAll(blob, sums!, 0);
      accumulateAll(blob, sums!, 1, cover);
      // Rows come in time order and never overlap within a series: merge touching spans.
      if (spans.length > 0 && spans[spans.length - 1] === t) spans[spans.length - 1] = t + cover;
      else if (cover > 0) spans.push(t, t + cover);
      profiles++;
    }
    flush();
    return written;
  }
}
