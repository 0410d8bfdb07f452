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
}

type RawRow = [number, number, number, string, number];
type RollupRow = [number, number, number, string, string];
type MetaRow = [number, number | null, number | null, number | null];

/** Reads windows of stored profiles: whole rollup buckets inside the window, raw profiles elsewhere. */
export class WindowReader {
  useRollups = true;
  private readonly rawRows: Database.Statement;
  private readonly rawBlob: Database.Statement;
  private readonly rollupRows: Database.Statement;
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
    this.rawBlob = db.prepare('SELECT samples FROM profiles WHERE id = ?').pluck();
    this.rollupRows = db.prepare(`SELECT id, series, bucket_ms, sample_types, spans FROM rollups
      WHERE kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ? AND series IN (SELECT value FROM json_each(?))`).raw();
    this.rollupBlob = db.prepare('SELECT samples FROM rollups WHERE id = ?').pluck();
    this.rollupWeighted = db.prepare('SELECT weighted FROM rollups WHERE id = ?').pluck();
    this.meta = db.prepare(`SELECT COUNT(*), SUM(duration_ns), MIN(time_ms), MAX(period) FROM profiles WHERE ${inWindow}`).raw();
    this.newest = db.prepare(`SELECT sample_types, period_type FROM profiles WHERE ${inWindow} ORDER BY time_ms DESC LIMIT 1`).raw();
  }

  /** The parts (rollups and raw profiles) covering a window, grouped by series. */
  private parts(kind: string, fromMs: number, toMs: number, seriesJson: string): Part[] {
    const parts: Part[] = [];
    const covered = new Set<string>();
    if (this.useRollups) {
      for (const res of [HOUR_MS, MINUTE_MS]) {
        const first = Math.ceil(fromMs / res) * res;
        const last = Math.floor((toMs + 1) / res) * res - res;
        if (last < first) continue;
        for (const [id, series, bucket, sampleTypes, spans] of this.rollupRows.iterate(kind, res, first, last, seriesJson) as IterableIterator<RollupRow>) {
          if (res === MINUTE_MS && covered.has(`${series}:${HOUR_MS}:${Math.floor(bucket / HOUR_MS)}`)) continue;
          covered.add(`${series}:${res}:${bucket / res}`);
          parts.push({ series, rollup: true, id, sampleTypes, spans: JSON.parse(spans) as number[] });
        }
      }
    }
    for (const [id, series, t, sampleTypes, cover] of this.rawRows.iterate(kind, fromMs, toMs, seriesJson) as IterableIterator<RawRow>) {
      if (covered.size > 0 && (covered.has(`${series}:${HOUR_MS}:${Math.floor(t / HOUR_MS)}`)
        || covered.has(`${series}:${MINUTE_MS}:${Math.floor(t / MINUTE_MS)}`))) continue;
      parts.push({ series, rollup: false, id, sampleTypes, spans: [t, t + cover] });
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
    for (const part of this.parts(info.kind, fromMs, toMs, seriesJson)) {
      const column = columnOf(part.sampleTypes, info.sampleType);
      if (column < 0) continue;
      if (agg === 'sum') {
        accumulateColumn((part.rollup ? this.rollupBlob : this.rawBlob).get(part.id) as Uint8Array, column, sums);
        continue;
      }
      for (const x of part.spans) spans.push(x);
      if (part.rollup) accumulateColumn(this.rollupWeighted.get(part.id) as Uint8Array, column, sums);
      else accumulateColumn(this.rawBlob.get(part.id) as Uint8Array, column, sums, part.spans[1]! - part.spans[0]!);
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
      info, agg, stackIds, labelSetIds, values, profiles: count,
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
      stack: (id) => dict.stacks[id]!, location: (id) => dict.locations[id]!, func: (id) => dict.functions[id]!,
      mapping: (id) => dict.mappings[id]!, labelSet: (id) => sets.get(id)!,
    }, labelFilter);
  }
}
