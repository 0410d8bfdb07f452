import type Database from 'better-sqlite3';
import type { Profile, ValueType } from '../../codec/profile.js';
import type { Aggregation, ProfileTypeInfo } from '../../common/profile-types.js';
import type { Series, WindowQuery } from '../profile-store.js';
import { windowProfile } from '../window-profile.js';
import type { Dictionary } from './dictionary.js';
import { HOUR_MS, MINUTE_MS } from './rollups.js';
import { accumulateColumn, TouchList } from './sample-blob.js';
import { checkRange, checkStep, stepValue, unionLength } from '../window-rules.js';
import { columnOf, parseSampleTypes } from './sample-types.js';
import type { SeriesIndex } from './series-index.js';

/** Summed (or averaged) values per stack id of a window, before frames are named. */
export interface WindowValues {
  info: ProfileTypeInfo;
  agg: Aggregation;
  /** Stack ids with a non-zero value, ascending, and their values. */
  stackIds: Uint32Array;
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
  private readonly seriesRows: Database.Statement;

  constructor(
    db: Database.Database, private readonly dict: Dictionary, private readonly seriesIndex: SeriesIndex,
    private readonly resolveType: (name: string) => ProfileTypeInfo,
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
    this.seriesRows = db.prepare(`SELECT id, series, time_ms, sample_types, totals, cover_ms FROM profiles WHERE ${inWindow} ORDER BY series, time_ms`).raw();
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
    const capacity = this.dict.stackCapacity;
    const total = new Float64Array(capacity);
    const touched = new TouchList(capacity);
    const spans: number[] = [];
    for (const part of this.parts(info.kind, fromMs, toMs, seriesJson)) {
      const column = columnOf(part.sampleTypes, info.sampleType);
      if (column < 0) continue;
      if (agg === 'sum') {
        accumulateColumn((part.rollup ? this.rollupBlob : this.rawBlob).get(part.id) as Uint8Array, column, total, touched);
        continue;
      }
      for (const x of part.spans) spans.push(x);
      if (part.rollup) accumulateColumn(this.rollupWeighted.get(part.id) as Uint8Array, column, total, touched);
      else accumulateColumn(this.rawBlob.get(part.id) as Uint8Array, column, total, touched, part.spans[1]! - part.spans[0]!);
    }
    const presence = agg === 'mean' ? unionLength(spans) : 1;
    const sorted = touched.sorted();
    let n = 0;
    for (let k = 0; k < sorted.length; k++) if (total[sorted[k]!] !== 0) sorted[n++] = sorted[k]!;
    const stackIds = sorted.slice(0, n);
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) values[k] = total[stackIds[k]!]! / presence;

    const [count, duration, firstMs, period] = this.meta.get(info.kind, fromMs, toMs, seriesJson) as MetaRow;
    const newest = this.newest.get(info.kind, fromMs, toMs, seriesJson) as [string, string] | undefined;
    const stored = newest === undefined ? undefined : parseSampleTypes(newest[0]).find((t) => t.type === info.sampleType);
    const periodType = newest === undefined ? { type: '', unit: '' } : parseSampleTypes(newest[1])[0] ?? { type: '', unit: '' };
    return {
      info, agg, stackIds, values, profiles: count,
      sampleType: { type: info.sampleType, unit: stored?.unit ?? info.unit },
      periodType, period: period ?? 0, timeNanos: (firstMs ?? 0) * 1e6, durationNanos: duration ?? 0,
    };
  }

  /** The window as a Profile with one sample type (store/window-profile.ts). */
  profile(w: WindowValues): Profile {
    const dict = this.dict;
    return windowProfile(w, {
      stack: (id) => dict.stacks[id]!, location: (id) => dict.locations[id]!, func: (id) => dict.functions[id]!, mapping: (id) => dict.mappings[id]!,
    });
  }

  /** Totals per stored profile and per step (aligned to multiples of `stepMs` since the epoch), per series. */
  series(query: WindowQuery, stepMs: number): Series[] {
    const info = this.resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    checkStep(stepMs);
    const agg = query.agg ?? info.aggregation;
    const seriesJson = JSON.stringify(this.seriesIndex.select(query.selector));
    const out: Series[] = [];
    let current: Series | undefined;
    let currentId = -1;
    let sum = 0, weighted = 0, cover = 0;
    let n = 0;
    let step = NaN;
    // A step's mean weighs each profile by the time it stands for its series, as a window's does.
    const flush = () => {
      if (current !== undefined && n > 0) {
        current.points.push({ t: step, value: stepValue(agg, sum, weighted, cover, n), profiles: n });
      }
      sum = 0;
      weighted = 0;
      cover = 0;
      n = 0;
    };
    type Row = [number, number, number, string, string, number];
    for (const [id, series, t, sampleTypes, totals, coverMs] of this.seriesRows.iterate(info.kind, query.fromMs, query.toMs, seriesJson) as IterableIterator<Row>) {
      const column = columnOf(sampleTypes, info.sampleType);
      if (column < 0) continue;
      if (series !== currentId) {
        flush();
        currentId = series;
        current = { labels: this.seriesIndex.labels.get(series)!, profiles: [], points: [] };
        out.push(current);
        step = NaN;
      }
      const total = (JSON.parse(totals) as number[])[column]!;
      const s = Math.floor(t / stepMs) * stepMs;
      if (s !== step) {
        flush();
        step = s;
      }
      sum += total;
      weighted += total * coverMs;
      cover += coverMs;
      n++;
      current!.profiles.push({ id, t, total });
    }
    flush();
    return out;
  }
}
