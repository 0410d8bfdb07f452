import type Database from 'better-sqlite3';
import type { Profile, ValueType } from '../../codec/profile.js';
import type { Aggregation, ProfileTypeInfo } from '../../common/profile-types.js';
import type { PerLabelSet, WindowQuery } from '../profile-store.js';
import type { Dictionary } from './dictionary.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { RowSums } from './row-sums.js';
import { accumulateColumn } from './sample-blob.js';
import { columnOf, parseSampleTypes } from './sample-types.js';
import { windowProfile } from '../window-profile.js';
import { checkRange, HOUR_MS, MINUTE_MS, unionLength } from '../window-rules.js';
import type { SeriesIndex } from './series-index.js';

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
  id: number;
  sampleTypes: string;
  /** Time this part stands for its series: [start, end) ms pairs, flat. */
  spans: number[];
  /** Stored profiles this part merges. */
  profiles: number;
}

type RawRow = [number, number, number, string, number];
type RollupRow = [number, number, number, string, string, number];
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
  private readonly rawRows: Database.Statement;
  private readonly rawRowsOfSeries: Database.Statement;
  private readonly rawBlob: Database.Statement;
  private readonly rollupRows: Database.Statement;
  private readonly rollupRowsOfSeries: Database.Statement;
  private readonly rollupBlob: Database.Statement;
  private readonly rollupWeighted: Database.Statement;
  private readonly meta: Database.Statement;
  private readonly newest: Database.Statement;

  constructor(
    db: Database.Database, private readonly dict: Dictionary, private readonly labelSets: LabelSetDictionary,
    private readonly seriesIndex: SeriesIndex, private readonly resolveType: (name: string) => ProfileTypeInfo,
  ) {
    const inWindow = 'kind = ? AND time_ms >= ? AND time_ms <= ? AND series IN (SELECT value FROM json_each(?))';
    this.rawRows = db.prepare(`SELECT id, series, time_ms, sample_types, cover_ms FROM profiles WHERE ${inWindow} ORDER BY series, time_ms`).raw();
    this.rawRowsOfSeries = db.prepare(`SELECT id, series, time_ms, sample_types, cover_ms FROM profiles
      WHERE series = ? AND kind = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms`).raw();
    this.rawBlob = db.prepare('SELECT samples FROM profiles WHERE id = ?').pluck();
    this.rollupRows = db.prepare(`SELECT id, series, bucket_ms, sample_types, spans, profiles FROM rollups
      WHERE kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ? AND series IN (SELECT value FROM json_each(?))`).raw();
    this.rollupRowsOfSeries = db.prepare(`SELECT id, series, bucket_ms, sample_types, spans, profiles FROM rollups
      WHERE series = ? AND kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ? ORDER BY bucket_ms`).raw();
    this.rollupBlob = db.prepare('SELECT samples FROM rollups WHERE id = ?').pluck();
    this.rollupWeighted = db.prepare('SELECT weighted FROM rollups WHERE id = ?').pluck();
    this.meta = db.prepare(`SELECT COUNT(*), SUM(duration_ns), MIN(time_ms), MAX(period) FROM profiles WHERE ${inWindow}`).raw();
    this.newest = db.prepare(`SELECT sample_types, period_type FROM profiles WHERE ${inWindow} ORDER BY time_ms DESC LIMIT 1`).raw();
  }

  /**
   * The parts covering a window: hour rollups of whole hours inside it, then per series the
   * minute rollups of whole minutes in the time those leave, then the raw profiles of the time
   * left; each read by ranges, so that a rolled-up day costs no row of what it covers.
   */
  private parts(kind: string, fromMs: number, toMs: number, seriesJson: string): Part[] {
    const parts: Part[] = [];
    const push = (rollup: boolean) => (row: RollupRow | RawRow) => {
      const [id, series, t, sampleTypes] = row;
      parts.push(rollup
        ? { series, rollup, id, sampleTypes, spans: JSON.parse(row[4] as string) as number[], profiles: row[5]! }
        : { series, rollup, id, sampleTypes, spans: [t, t + (row[4] as number)], profiles: 1 });
    };
    if (!this.useRollups) {
      for (const row of this.rawRows.iterate(kind, fromMs, toMs, seriesJson) as IterableIterator<RawRow>) push(false)(row);
      return parts;
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
      for (const row of this.rollupRows.iterate(kind, HOUR_MS, hFirst, hLast, seriesJson) as IterableIterator<RollupRow>) {
        push(true)(row);
        cover(row[1], row[2], row[2] + HOUR_MS);
      }
    }
    for (const series of JSON.parse(seriesJson) as number[]) {
      const minutes: number[] = [];
      forEachGap(covered.get(series), fromMs, toMs + 1, (start, end) => {
        const [first, last] = wholeBuckets(start, end, MINUTE_MS);
        if (last < first) return;
        for (const row of this.rollupRowsOfSeries.iterate(series, kind, MINUTE_MS, first, last) as IterableIterator<RollupRow>) {
          push(true)(row);
          minutes.push(row[2], row[2] + MINUTE_MS);
        }
      });
      for (let i = 0; i < minutes.length; i += 2) cover(series, minutes[i]!, minutes[i + 1]!);
      forEachGap(covered.get(series), fromMs, toMs + 1, (start, end) => {
        for (const row of this.rawRowsOfSeries.iterate(series, kind, start, end) as IterableIterator<RawRow>) push(false)(row);
      });
    }
    return parts;
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
    const parts = this.parts(info.kind, fromMs, toMs, seriesJson);
    // Rollups count the profiles they merge: after retention deleted the raw ones, they still count.
    let merged = 0;
    for (const part of parts) merged += part.profiles;
    for (const part of parts) {
      const column = columnOf(part.sampleTypes, info.sampleType);
      if (column < 0) continue;
      if (agg === 'sum') {
        accumulateColumn((part.rollup ? this.rollupBlob : this.rawBlob).get(part.id) as Uint8Array, column, sums);
        continue;
      }
      for (const x of part.spans) spans.push(x);
      if (part.rollup) {
        const weighted = this.rollupWeighted.get(part.id) as Uint8Array;
        if (weighted.length > 0) accumulateColumn(weighted, column, sums);
        else accumulateColumn(this.rollupBlob.get(part.id) as Uint8Array, column, sums, unionLength(part.spans) / part.profiles);
      } else accumulateColumn(this.rawBlob.get(part.id) as Uint8Array, column, sums, part.spans[1]! - part.spans[0]!);
    }
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
      stack: (id) => dict.stacks.get(id)!, location: (id) => dict.locations[id]!, func: (id) => dict.functions[id]!,
      mapping: (id) => dict.mappings[id]!, labelSet: (id) => sets.get(id)!,
    }, labelFilter);
  }
}
