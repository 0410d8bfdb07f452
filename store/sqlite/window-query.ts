import type Database from 'better-sqlite3';
import { mappingFlagsOf } from '../../codec/identity.js';
import type { PprofFunction, PprofLocation, PprofMapping, Profile, ValueType } from '../../codec/profile.js';
import { TimeRangeInvalid } from '../../common/errors.js';
import type { Aggregation, ProfileTypeInfo } from '../../common/profile-types.js';
import type { Series, WindowQuery } from '../profile-store.js';
import type { Dictionary } from './dictionary.js';
import { HOUR_MS, MINUTE_MS } from './rollups.js';
import { accumulateColumn, TouchList } from './sample-blob.js';
import { checkRange, columnOf, parseSampleTypes, resolveType } from './sample-types.js';
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
  profiles: number;
  sampleTypes: string;
}

type RawRow = [number, number, number, string];
type RollupRow = [number, number, number, number, string];
type MetaRow = [number, number | null, number | null, number | null];

/** Reads windows of stored profiles: whole rollup buckets inside the window, raw profiles elsewhere. */
export class WindowReader {
  useRollups = true;
  private readonly rawRows: Database.Statement;
  private readonly rawBlob: Database.Statement;
  private readonly rollupRows: Database.Statement;
  private readonly rollupBlob: Database.Statement;
  private readonly meta: Database.Statement;
  private readonly newest: Database.Statement;
  private readonly seriesRows: Database.Statement;

  constructor(db: Database.Database, private readonly dict: Dictionary, private readonly seriesIndex: SeriesIndex) {
    const inWindow = 'kind = ? AND time_ms >= ? AND time_ms <= ? AND series IN (SELECT value FROM json_each(?))';
    this.rawRows = db.prepare(`SELECT id, series, time_ms, sample_types FROM profiles WHERE ${inWindow} ORDER BY series, time_ms`).raw();
    this.rawBlob = db.prepare('SELECT samples FROM profiles WHERE id = ?').pluck();
    this.rollupRows = db.prepare(`SELECT id, series, bucket_ms, profiles, sample_types FROM rollups
      WHERE kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ? AND series IN (SELECT value FROM json_each(?))`).raw();
    this.rollupBlob = db.prepare('SELECT samples FROM rollups WHERE id = ?').pluck();
    this.meta = db.prepare(`SELECT COUNT(*), SUM(duration_ns), MIN(time_ms), MAX(period) FROM profiles WHERE ${inWindow}`).raw();
    this.newest = db.prepare(`SELECT sample_types, period_type FROM profiles WHERE ${inWindow} ORDER BY time_ms DESC LIMIT 1`).raw();
    this.seriesRows = db.prepare(`SELECT id, series, time_ms, sample_types, totals FROM profiles WHERE ${inWindow} ORDER BY series, time_ms`).raw();
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
        for (const [id, series, bucket, profiles, sampleTypes] of this.rollupRows.iterate(kind, res, first, last, seriesJson) as IterableIterator<RollupRow>) {
          if (res === MINUTE_MS && covered.has(`${series}:${HOUR_MS}:${Math.floor(bucket / HOUR_MS)}`)) continue;
          covered.add(`${series}:${res}:${bucket / res}`);
          parts.push({ series, rollup: true, id, profiles, sampleTypes });
        }
      }
    }
    for (const [id, series, t, sampleTypes] of this.rawRows.iterate(kind, fromMs, toMs, seriesJson) as IterableIterator<RawRow>) {
      if (covered.size > 0 && (covered.has(`${series}:${HOUR_MS}:${Math.floor(t / HOUR_MS)}`)
        || covered.has(`${series}:${MINUTE_MS}:${Math.floor(t / MINUTE_MS)}`))) continue;
      parts.push({ series, rollup: false, id, profiles: 1, sampleTypes });
    }
    return parts.sort((a, b) => a.series - b.series);
  }

  /** Sums (or averages per series, then sums) the values of the selected type per stack. */
  values(query: WindowQuery): WindowValues {
    const info = resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    const agg = query.agg ?? info.aggregation;
    const seriesJson = JSON.stringify(this.seriesIndex.select(query.selector));
    const { fromMs, toMs } = query;
    const parts = this.parts(info.kind, fromMs, toMs, seriesJson);
    const capacity = this.dict.stackCapacity;
    const total = new Float64Array(capacity);
    const totalTouched = new TouchList(capacity);
    const scratch = agg === 'mean' ? new Float64Array(capacity) : total;
    const touched = agg === 'mean' ? new TouchList(capacity) : totalTouched;
    let i = 0;
    while (i < parts.length) {
      const series = parts[i]!.series;
      let snapshots = 0;
      for (; i < parts.length && parts[i]!.series === series; i++) {
        const part = parts[i]!;
        const column = columnOf(part.sampleTypes, info.sampleType);
        if (column < 0) continue;
        const blob = (part.rollup ? this.rollupBlob : this.rawBlob).get(part.id) as Uint8Array;
        accumulateColumn(blob, column, scratch, touched);
        snapshots += part.profiles;
      }
      if (agg === 'mean') {
        for (let k = 0; k < touched.length; k++) {
          const id = touched.ids[k]!;
          total[id]! += scratch[id]! / snapshots;
          scratch[id] = 0;
          totalTouched.touch(id);
        }
        touched.clear();
      }
    }
    const sorted = totalTouched.sorted();
    let n = 0;
    for (let k = 0; k < sorted.length; k++) if (total[sorted[k]!] !== 0) sorted[n++] = sorted[k]!;
    const stackIds = sorted.slice(0, n);
    const values = new Float64Array(n);
    for (let k = 0; k < n; k++) values[k] = total[stackIds[k]!]!;

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

  /** The window as a Profile with one sample type. */
  profile(w: WindowValues): Profile {
    const functions: PprofFunction[] = [];
    const mappings: PprofMapping[] = [];
    const locations: PprofLocation[] = [];
    const fnIndex = new Map<number, number>();
    const mapIndex = new Map<number, number>();
    const locIndex = new Map<number, number>();
    const count = w.stackIds.length;
    const stackOffsets = new Uint32Array(count + 1);
    let depth = 0;
    for (const id of w.stackIds) depth += this.dict.stacks[id]!.length;
    const sampleLocations = new Uint32Array(depth);
    let k = 0;
    for (let s = 0; s < count; s++) {
      for (const loc of this.dict.stacks[w.stackIds[s]!]!) sampleLocations[k++] = this.localLocation(loc, locations, locIndex, functions, fnIndex, mappings, mapIndex);
      stackOffsets[s + 1] = k;
    }
    return {
      sampleTypes: [w.sampleType], defaultSampleType: w.sampleType.type, periodType: w.periodType, period: w.period,
      timeNanos: w.timeNanos, durationNanos: w.durationNanos, dropFrames: '', keepFrames: '', comments: [], docUrl: '',
      strings: [''], mappings, locations, functions,
      samples: {
        count, stackOffsets, locations: sampleLocations, values: w.values,
        labels: { offsets: new Uint32Array(count + 1), key: new Uint32Array(0), str: new Uint32Array(0), num: new Float64Array(0), numUnit: new Uint32Array(0) },
      },
    };
  }

  private localLocation(
    loc: number, locations: PprofLocation[], locIndex: Map<number, number>, functions: PprofFunction[], fnIndex: Map<number, number>,
    mappings: PprofMapping[], mapIndex: Map<number, number>,
  ): number {
    let index = locIndex.get(loc);
    if (index !== undefined) return index;
    const stored = this.dict.locations[loc]!;
    let mapping = -1;
    if (stored.mapping !== 0) {
      const m = mapIndex.get(stored.mapping);
      if (m !== undefined) mapping = m;
      else {
        const sm = this.dict.mappings[stored.mapping]!;
        mapping = mappings.length;
        mappings.push({
          id: stored.mapping, memoryStart: sm.memoryStart, memoryLimit: sm.memoryLimit, fileOffset: sm.fileOffset,
          filename: sm.filename, buildId: sm.buildId, ...mappingFlagsOf(sm.flags),
        });
        mapIndex.set(stored.mapping, mapping);
      }
    }
    const lines = [];
    for (let j = 0; j < stored.lines.length; j += 3) {
      const fnId = stored.lines[j]!;
      let f = fnIndex.get(fnId);
      if (f === undefined) {
        const sf = this.dict.functions[fnId]!;
        f = functions.length;
        functions.push({ id: fnId, name: sf.name, systemName: sf.systemName, filename: sf.filename, startLine: sf.startLine });
        fnIndex.set(fnId, f);
      }
      lines.push({ function: f, line: stored.lines[j + 1]!, column: stored.lines[j + 2]! });
    }
    index = locations.length;
    locations.push({ id: loc, mapping, address: stored.address, lines, isFolded: stored.folded });
    locIndex.set(loc, index);
    return index;
  }

  /** Totals per stored profile and per step (aligned to multiples of `stepMs` since the epoch), per series. */
  series(query: WindowQuery, stepMs: number): Series[] {
    const info = resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new TimeRangeInvalid(`step must be a positive number of ms (got ${stepMs})`);
    const agg = query.agg ?? info.aggregation;
    const seriesJson = JSON.stringify(this.seriesIndex.select(query.selector));
    const out: Series[] = [];
    let current: Series | undefined;
    let currentId = -1;
    let sum = 0;
    let n = 0;
    let step = NaN;
    const flush = () => {
      if (current !== undefined && n > 0) current.points.push({ t: step, value: agg === 'mean' ? sum / n : sum, profiles: n });
      sum = 0;
      n = 0;
    };
    type Row = [number, number, number, string, string];
    for (const [id, series, t, sampleTypes, totals] of this.seriesRows.iterate(info.kind, query.fromMs, query.toMs, seriesJson) as IterableIterator<Row>) {
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
      n++;
      current!.profiles.push({ id, t, total });
    }
    flush();
    return out;
  }
}
