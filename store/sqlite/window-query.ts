import type Database from 'better-sqlite3';
import type { Profile, ValueType } from '../../codec/profile.js';
import type { Aggregation, ProfileTypeInfo } from '../../common/profile-types.js';
import type { PerLabelSet, WindowQuery } from '../profile-store.js';
import type { Dictionary } from './dictionary.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { RowSums } from './row-sums.js';
import { columnOf, parseSampleTypes } from './sample-types.js';
import { DEFAULTS } from '../../config/defaults.js';
import { windowProfile } from '../window-profile.js';
import { checkRange, HOUR_MS, MINUTE_MS, unionLength } from '../window-rules.js';
import type { SeriesIndex } from './series-index.js';
import { WindowSums } from './window-sums.js';
import type { WindowSumOptions } from './window-sums.js';

/** Summed (or averaged) values per stored row — a (stack, label set) — of a window, before frames are named. */
export interface WindowValues {
  info: ProfileTypeInfo;
  agg: Aggregation;
  /** The rows with a non-zero value, ordered by (stack id, label set id): their stack ids, label set ids and values. */
  stackIds: Uint32Array;
  labelSetIds: Uint32Array;
  values: Float64Array;
  profiles: number;
  sampleType: ValueType;
  periodType: ValueType;
  period: number;
  timeNanos: number;
  durationNanos: number;
}

interface Part {
  series: number;
  rollup: boolean;
  sampleTypes: string;
  /** Time this part stands for its series: [start, end) ms pairs, flat (read for `mean` only). */
  spans: number[];
  /** Stored profiles this part merges. */
  profiles: number;
  /** The packed rows to sum: the samples, or (a rollup, for `mean`) the cover-weighted values when it has them. */
  blob: Uint8Array;
  /** True when `blob` holds cover-weighted values. */
  weighted: boolean;
}

type RawRow = [number, number, string, number, Uint8Array];
type RollupRow = [number, number, string, string, number, Uint8Array, number];
type MetaRow = [number, number | null, number | null, number | null];

/** The first and last start of the buckets of `res` wholly inside [start, end). */
function wholeBuckets(start: number, end: number, res: number): [number, number] {
  return [Math.ceil(start / res) * res, Math.floor(end / res) * res - res];
}

/** Calls `fn` with each stretch of [from, until) that no span of `spans` (flat [start, end) pairs) covers. */
function forEachGap(spans: readonly number[] | undefined, from: number, until: number, fn: (start: number, end: number) => void): void {
  const order: number[] = [];
  for (let i = 0; spans !== undefined && i < spans.length; i += 2) order.push(i);
  order.sort((a, b) => spans![a]! - spans![b]!);
  let at = from;
  for (const i of order) {
    if (spans![i]! > at) fn(at, Math.min(spans![i]!, until));
    at = Math.max(at, spans![i + 1]!);
    if (at >= until) return;
  }
  if (until > at) fn(at, until);
}

/** Reads windows of stored profiles: whole rollup buckets inside the window, raw profiles elsewhere. */
export class WindowReader {
  useRollups = true;
  /** How a window's blobs are split across threads. */
  sumOptions: WindowSumOptions = DEFAULTS.store.windowSums;
  private readonly rawRows: Database.Statement;
  private readonly rawRowsOfSeries: Database.Statement;
  /** The rollup statements by aggregation, [sum, mean]: each reads the blob that aggregation sums. */
  private readonly rollupRows: Database.Statement[];
  private readonly rollupRowsOfSeries: Database.Statement[];
  private readonly meta: Database.Statement;
  private readonly newest: Database.Statement;

  constructor(
    db: Database.Database, private readonly dict: Dictionary, private readonly labelSets: LabelSetDictionary,
    private readonly seriesIndex: SeriesIndex, private readonly resolveType: (name: string) => ProfileTypeInfo,
  ) {
    const inWindow = 'kind = ? AND time_ms >= ? AND time_ms <= ? AND series IN (SELECT value FROM json_each(?))';
    // Each part's blob comes with its row: one read per part, not a lookup by id after the scan.
    const raw = 'SELECT series, time_ms, sample_types, cover_ms, samples FROM profiles';
    this.rawRows = db.prepare(`${raw} WHERE ${inWindow} ORDER BY series, time_ms`).raw();
    this.rawRowsOfSeries = db.prepare(`${raw} WHERE series = ? AND kind = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms`).raw();
    const rollup = (spans: string, blob: string) => `SELECT series, bucket_ms, sample_types, ${spans}, profiles, ${blob} FROM rollups`;
    const rollupOf = (spans: string, blob: string) => [
      db.prepare(`${rollup(spans, blob)} WHERE kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ?
        AND series IN (SELECT value FROM json_each(?))`).raw(),
      db.prepare(`${rollup(spans, blob)} WHERE series = ? AND kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ?
        ORDER BY bucket_ms`).raw(),
    ] as const;
    // For `sum` the samples; for `mean` the weighted values when the rollup has them, else its samples.
    const sum = rollupOf("''", 'samples, 0');
    const mean = rollupOf('spans', 'CASE WHEN length(weighted) > 0 THEN weighted ELSE samples END, length(weighted) > 0');
    this.rollupRows = [sum[0], mean[0]];
    this.rollupRowsOfSeries = [sum[1], mean[1]];
    this.meta = db.prepare(`SELECT COUNT(*), SUM(duration_ns), MIN(time_ms), MAX(period) FROM profiles WHERE ${inWindow}`).raw();
    this.newest = db.prepare(`SELECT sample_types, period_type FROM profiles WHERE ${inWindow} ORDER BY time_ms DESC LIMIT 1`).raw();
  }

  /**
   * Calls `visit` with the parts covering a window, in order: hour rollups of whole hours inside
   * it, then per series the minute rollups of whole minutes in the time those leave, then the
   * raw profiles of the time left; each read by ranges, so that a rolled-up day costs no row of
   * what it covers. Spans are read for `mean` only.
   */
  private forEachPart(kind: string, agg: Aggregation, fromMs: number, toMs: number, seriesJson: string, visit: (part: Part) => void): void {
    const a = agg === 'sum' ? 0 : 1;
    const raw = (row: RawRow) => {
      const [series, t, sampleTypes, coverMs, blob] = row;
      visit({ series, rollup: false, sampleTypes, spans: [t, t + coverMs], profiles: 1, blob, weighted: false });
    };
    const rollup = (row: RollupRow) => {
      const [series, , sampleTypes, spans, profiles, blob, weighted] = row;
      visit({ series, rollup: true, sampleTypes, spans: a === 0 ? [] : JSON.parse(spans) as number[], profiles, blob, weighted: weighted !== 0 });
    };
    if (!this.useRollups) {
      for (const row of this.rawRows.iterate(kind, fromMs, toMs, seriesJson) as IterableIterator<RawRow>) raw(row);
      return;
    }
    /** Per series: the [start, end) spans of its buckets read so far, flat. */
    const covered = new Map<number, number[]>();
    const cover = (series: number, start: number, end: number) => {
      let list = covered.get(series);
      if (list === undefined) covered.set(series, (list = []));
      list.push(start, end);
    };
    const [hFirst, hLast] = wholeBuckets(fromMs, toMs + 1, HOUR_MS);
    if (hLast >= hFirst) {
      for (const row of this.rollupRows[a]!.iterate(kind, HOUR_MS, hFirst, hLast, seriesJson) as IterableIterator<RollupRow>) {
        rollup(row);
        cover(row[0], row[1], row[1] + HOUR_MS);
      }
    }
    for (const series of JSON.parse(seriesJson) as number[]) {
      const minutes: number[] = [];
      forEachGap(covered.get(series), fromMs, toMs + 1, (start, end) => {
        const [first, last] = wholeBuckets(start, end, MINUTE_MS);
        if (last < first) return;
        for (const row of this.rollupRowsOfSeries[a]!.iterate(series, kind, MINUTE_MS, first, last) as IterableIterator<RollupRow>) {
          rollup(row);
          minutes.push(row[1], row[1] + MINUTE_MS);
        }
      });
      for (let i = 0; i < minutes.length; i += 2) cover(series, minutes[i]!, minutes[i + 1]!);
      forEachGap(covered.get(series), fromMs, toMs + 1, (start, end) => {
        for (const row of this.rawRowsOfSeries.iterate(series, kind, start, end) as IterableIterator<RawRow>) raw(row);
      });
    }
  }

  /**
   * Sums the values of the selected type per stack; for `mean`, the time-weighted mean of the
   * total across the selected series: each profile's values weigh the time it stands for its
   * series (`cover_ms`), divided by the time in which at least one selected series is present.
   */
  values(query: WindowQuery): WindowValues {
    const info = this.resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    const agg = query.agg ?? info.aggregation;
    const seriesJson = JSON.stringify(this.seriesIndex.select(query.selector));
    const { fromMs, toMs } = query;
    const sums = new RowSums(this.dict.stackCapacity);
    const spans: number[] = [];
    // Rollups count the profiles they merge: after retention deleted the raw ones, they still count.
    let merged = 0;
    const adder = new WindowSums(sums, this.sumOptions);
    this.forEachPart(info.kind, agg, fromMs, toMs, seriesJson, (part) => {
      merged += part.profiles;
      const column = columnOf(part.sampleTypes, info.sampleType);
      if (column < 0) return;
      if (agg === 'sum') {
        adder.add(part.blob, column);
        return;
      }
      for (const x of part.spans) spans.push(x);
      if (!part.rollup) adder.add(part.blob, column, part.spans[1]! - part.spans[0]!);
      else if (part.weighted) adder.add(part.blob, column);
      else adder.add(part.blob, column, unionLength(part.spans) / part.profiles);
    });
    adder.finish();
    const presence = agg === 'mean' ? unionLength(spans) : 1;
    const sorted = sums.sorted();
    const total = sums.layers[0]!;
    let n = 0;
    for (let k = 0; k < sorted.length; k++) if (total[sorted[k]!] !== 0) sorted[n++] = sorted[k]!;
    const stackIds = new Uint32Array(n), labelSetIds = new Uint32Array(n);
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const slot = sorted[k]!;
      stackIds[k] = sums.stackOf(slot);
      labelSetIds[k] = sums.labelSetOf(slot);
      values[k] = total[slot]! / presence;
    }

    const [count, duration, firstMs, period] = this.meta.get(info.kind, fromMs, toMs, seriesJson) as MetaRow;
    const newest = this.newest.get(info.kind, fromMs, toMs, seriesJson) as [string, string] | undefined;
    const stored = newest === undefined ? undefined : parseSampleTypes(newest[0]).find((t) => t.type === info.sampleType);
    const periodType = newest === undefined ? { type: '', unit: '' } : parseSampleTypes(newest[1])[0] ?? { type: '', unit: '' };
    return {
      info, agg, stackIds, labelSetIds, values, profiles: Math.max(count, merged),
      sampleType: { type: info.sampleType, unit: stored?.unit ?? info.unit },
      periodType, period: period ?? 0, timeNanos: (firstMs ?? 0) * 1e6, durationNanos: duration ?? 0,
    };
  }

  /**
   * The window as a Profile with one sample type, one sample per row with its labels
   * (store/window-profile.ts). With a label filter, the rows it refuses are left out; their values are returned.
   */
  profile(w: WindowValues, labelFilter?: PerLabelSet<boolean>): { profile: Profile; filteredOut?: Float64Array } {
    const dict = this.dict;
    const sets = this.labelSets.labelSets(w.labelSetIds);
    return windowProfile(w, {
      stacks: (ids) => dict.stacks.gather(ids), location: (id) => dict.locations[id]!, func: (id) => dict.functions[id]!,
      mapping: (id) => dict.mappings[id]!, labelSet: (id) => sets.get(id)!,
    }, labelFilter);
  }
}
