import type Database from 'better-sqlite3';
import type { LabelSet } from '../../codec/identity.js';
import type { ProfileTypeInfo } from '../../common/profile-types.js';
import type { Series, SeriesGrouping, WindowQuery } from '../profile-store.js';
import { needsLabelSets, seriesLines } from '../series-lines.js';
import type { ProfileTotal } from '../series-lines.js';
import { checkRange, checkStep, HOUR_MS, MINUTE_MS, unionLength } from '../window-rules.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { forEachRow, readColumn } from './sample-blob.js';
import { columnOf } from './sample-types.js';
import type { SeriesIndex } from './series-index.js';

const SAMPLE_ROWS = 'SELECT id, series, time_ms, sample_types, totals, cover_ms, label_totals FROM profiles';
const ROWS = 'SELECT id, series, time_ms, sample_types, totals, cover_ms, NULL FROM profiles';
const IN_WINDOW = 'WHERE kind = ? AND time_ms >= ? AND time_ms <= ? AND series IN (SELECT value FROM json_each(?)) ORDER BY series, time_ms';
const ROLLUP_ROWS = `SELECT id, series, bucket_ms, sample_types, samples, spans, profiles FROM rollups
  WHERE kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ? AND series IN (SELECT value FROM json_each(?)) ORDER BY series, bucket_ms`;

/**
 * Totals over time of the SQLite store (added up by store/series-lines.ts): raw profiles, and
 * the minute and hour rollups of the time before each series' oldest raw profile.
 */
export class SeriesReader {
  private readonly plain: Database.Statement;
  private readonly labelled: Database.Statement;
  private readonly rollupRows: Database.Statement;

  constructor(
    db: Database.Database, private readonly labelSets: LabelSetDictionary, private readonly seriesIndex: SeriesIndex,
    private readonly resolveType: (name: string) => ProfileTypeInfo,
  ) {
    this.plain = db.prepare(`${ROWS} ${IN_WINDOW}`).raw();
    this.labelled = db.prepare(`${SAMPLE_ROWS} ${IN_WINDOW}`).raw();
    this.rollupRows = db.prepare(ROLLUP_ROWS).raw();
  }

  series(query: WindowQuery, stepMs: number, groupBy?: SeriesGrouping): Series[] {
    const info = this.resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    checkStep(stepMs);
    const perLabelSet = needsLabelSets(query, groupBy);
    const rows = this.profileTotals(query, info.kind, info.sampleType, perLabelSet);
    const labelSets = new Map<number, LabelSet>();
    if (perLabelSet) {
      const ids = new Set<number>();
      for (const r of rows) for (const id of Array.from(r.labelSets!)) ids.add(id);
      const stored = this.labelSets.labelSets(ids);
      for (const id of ids) labelSets.set(id, stored.get(id)!);
    }
    return seriesLines({
      query, agg: query.agg ?? info.aggregation, stepMs, groupBy, rows, labelSets,
      seriesLabels: (series) => this.seriesIndex.labels.get(series)!,
    });
  }

  /** The selected profiles of the window with their totals of one sample type (and per label set). */
  private profileTotals(query: WindowQuery, kind: string, sampleType: string, perLabelSet: boolean): ProfileTotal[] {
    const seriesJson = JSON.stringify(this.seriesIndex.select(query.selector));
    const out: ProfileTotal[] = [];
    type Row = [number, number, number, string, string, number, Uint8Array | null];
    const stmt = perLabelSet ? this.labelled : this.plain;
    for (const [id, series, t, sampleTypes, totals, cover, labelTotals] of stmt.iterate(kind, query.fromMs, query.toMs, seriesJson) as IterableIterator<Row>) {
      const column = columnOf(sampleTypes, sampleType);
      if (column < 0) continue;
      const row: ProfileTotal = { id, series, t, cover, total: (JSON.parse(totals) as number[])[column]! };
      if (perLabelSet) {
        if (labelTotals === null) {
          row.labelSets = new Uint32Array(1);
          row.labelTotals = Float64Array.of(row.total);
        } else {
          const { ids, values } = readColumn(labelTotals, column);
          row.labelSets = ids;
          row.labelTotals = values;
        }
      }
      out.push(row);
    }
    this.rollupTotals(query, kind, sampleType, perLabelSet, seriesJson, out);
    return out;
  }

  /**
   * Adds the rollups of the time before each series' oldest raw profile in the window (what
   * retention left of it): minute rollups, then hour rollups before the oldest of those.
   */
  private rollupTotals(query: WindowQuery, kind: string, sampleType: string, perLabelSet: boolean, seriesJson: string, out: ProfileTotal[]): void {
    const oldest = new Map<number, number>();
    for (const r of out) if (!oldest.has(r.series)) oldest.set(r.series, r.t);
    type Row = [number, number, number, string, Uint8Array, string, number];
    for (const res of [MINUTE_MS, HOUR_MS]) {
      const first = Math.ceil(query.fromMs / res) * res;
      const last = Math.floor((query.toMs + 1) / res) * res - res;
      if (last < first) continue;
      const used = new Map<number, number>();
      for (const [id, series, bucket, sampleTypes, blob, spans, profiles] of this.rollupRows.iterate(kind, res, first, last, seriesJson) as IterableIterator<Row>) {
        if (bucket + res > (oldest.get(series) ?? Infinity)) continue;
        const column = columnOf(sampleTypes, sampleType);
        if (column < 0) continue;
        if (!used.has(series)) used.set(series, bucket);
        const { values } = readColumn(blob, column);
        let total = 0;
        for (let i = 0; i < values.length; i++) total += values[i]!;
        const covered = JSON.parse(spans) as number[];
        const row: ProfileTotal = { id, series, t: bucket, cover: unionLength(covered), total, rollup: { profiles, spans: covered } };
        if (perLabelSet) {
          const bySet = new Map<number, number>();
          let i = 0;
          forEachRow(blob, (_stack, set) => { bySet.set(set, (bySet.get(set) ?? 0) + values[i++]!); });
          row.labelSets = Uint32Array.from(bySet.keys());
          row.labelTotals = Float64Array.from(bySet.values());
        }
        out.push(row);
      }
      for (const [series, t] of used) oldest.set(series, Math.min(t, oldest.get(series) ?? Infinity));
    }
  }
}
