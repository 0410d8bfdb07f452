import type Database from 'better-sqlite3';
import type { LabelSet } from '../../codec/identity.js';
import { TimeRangeInvalid } from '../../common/errors.js';
import type { Labels } from '../../common/labels.js';
import type { ProfileTypeInfo } from '../../common/profile-types.js';
import type { Series, SeriesGrouping, WindowQuery } from '../profile-store.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { HOUR_MS, MINUTE_MS } from './rollups.js';
import { forEachRow, readColumn } from './sample-blob.js';
import { checkRange, columnOf } from './sample-types.js';
import type { SeriesIndex } from './series-index.js';
import { unionLength } from './window-query.js';

/** One stored profile of a series query: its total of the type, and per label set when asked. */
interface ProfileTotal {
  id: number;
  series: number;
  t: number;
  cover: number;
  total: number;
  labelSets?: Uint32Array;
  labelTotals?: Float64Array;
  /** Set for a rollup: the profiles it merged and the spans they cover (flat [start, end) pairs). */
  rollup?: { profiles: number; spans: number[] };
}

/** What is added up in one step of a line. */
interface Step {
  sum: number;
  weighted: number;
  profiles: number;
}

interface Line {
  labels: Labels;
  profiles: Series['profiles'];
  steps: Map<number, Step>;
  /** Per step, the spans of the profiles this line's window selects (series lines only). */
  spans?: Map<number, number[]>;
}

const SAMPLE_ROWS = 'SELECT id, series, time_ms, sample_types, totals, cover_ms, label_totals FROM profiles';
const ROWS = 'SELECT id, series, time_ms, sample_types, totals, cover_ms, NULL FROM profiles';
const IN_WINDOW = 'WHERE kind = ? AND time_ms >= ? AND time_ms <= ? AND series IN (SELECT value FROM json_each(?)) ORDER BY series, time_ms';
const ROLLUP_ROWS = `SELECT id, series, bucket_ms, sample_types, samples, spans, profiles FROM rollups
  WHERE kind = ? AND resolution_ms = ? AND bucket_ms >= ? AND bucket_ms <= ? AND series IN (SELECT value FROM json_each(?)) ORDER BY series, bucket_ms`;

function pushSpan(map: Map<number, number[]>, step: number, row: ProfileTotal): void {
  let spans = map.get(step);
  if (spans === undefined) map.set(step, (spans = []));
  if (row.rollup === undefined) spans.push(row.t, row.t + row.cover);
  else for (const x of row.rollup.spans) spans.push(x);
}

/**
 * Totals over time: per stored profile and per step (aligned to multiples of the step since
 * the epoch), per series or per group of a label. A step of `sum` adds its profiles' totals; a
 * step of `mean` weighs each by the time it stands for its series and divides by the time in
 * which the line's window has profiles, as a window's mean does: a series line's (or a series
 * label's group's) own profiles, and for a sample label's group or under a label filter every
 * selected profile, since that is the window `sampleLabels` selects.
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
    if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new TimeRangeInvalid(`step must be a positive number of ms (got ${stepMs})`);
    const agg = query.agg ?? info.aggregation;
    const perLabelSet = groupBy?.kind === 'sample' || query.labelFilter !== undefined;
    const rows = this.profileTotals(query, info.kind, info.sampleType, perLabelSet);

    // The label filter and the sample grouping, made knowing every label set of the window.
    let keeps: ((set: LabelSet) => boolean) | undefined;
    let valuesOf: ((set: LabelSet) => readonly string[]) | undefined;
    const sets = new Map<number, LabelSet>();
    if (perLabelSet) {
      const ids = new Set<number>();
      for (const r of rows) for (const id of r.labelSets!) ids.add(id);
      const stored = this.labelSets.labelSets(ids);
      for (const id of ids) sets.set(id, stored.get(id)!);
      const ordered = [...sets.values()];
      if (query.labelFilter !== undefined) keeps = query.labelFilter(ordered);
      if (groupBy?.kind === 'sample') valuesOf = groupBy.valuesOf(ordered);
    }

    const lines = new Map<string, Line>();
    const allSpans = new Map<number, number[]>();
    const lineOf = (key: string, labels: Labels, own: boolean): Line => {
      let line = lines.get(key);
      if (line === undefined) {
        line = { labels, profiles: [], steps: new Map() };
        if (own) line.spans = new Map();
        lines.set(key, line);
      }
      return line;
    };
    const add = (line: Line, row: ProfileTotal, step: number, total: number) => {
      // A rollup is no profile to open; its sums weigh the mean cover of the profiles it merged.
      if (row.rollup === undefined) line.profiles.push({ id: row.id, t: row.t, total });
      let s = line.steps.get(step);
      if (s === undefined) line.steps.set(step, (s = { sum: 0, weighted: 0, profiles: 0 }));
      s.sum += total;
      s.weighted += total * (row.rollup === undefined ? row.cover : row.cover / row.rollup.profiles);
      s.profiles += row.rollup?.profiles ?? 1;
    };
    for (const row of rows) {
      const step = Math.floor(row.t / stepMs) * stepMs;
      pushSpan(allSpans, step, row);
      if (groupBy?.kind === 'sample') {
        const groups = new Map<string, number>();
        for (let k = 0; k < row.labelSets!.length; k++) {
          const set = sets.get(row.labelSets![k]!)!;
          if (keeps !== undefined && !keeps(set)) continue;
          const values = valuesOf!(set);
          for (const value of values.length === 0 ? [''] : values) groups.set(value, (groups.get(value) ?? 0) + row.labelTotals![k]!);
        }
        for (const [value, total] of groups) add(lineOf(value, { [groupBy.label]: value }, false), row, step, total);
        continue;
      }
      const labels = this.seriesIndex.labels.get(row.series)!;
      const line = groupBy === undefined
        ? lineOf(String(row.series), labels, true)
        : lineOf(labels[groupBy.label] ?? '', { [groupBy.label]: labels[groupBy.label] ?? '' }, true);
      pushSpan(line.spans!, step, row);
      let total = row.total;
      if (keeps !== undefined) {
        total = 0;
        for (let k = 0; k < row.labelSets!.length; k++) if (keeps(sets.get(row.labelSets![k]!)!)) total += row.labelTotals![k]!;
      }
      add(line, row, step, total);
    }

    const ordered = groupBy === undefined ? [...lines.values()] : [...lines.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, l]) => l);
    return ordered.map((line) => ({
      labels: line.labels,
      profiles: line.profiles,
      points: [...line.steps.entries()].sort(([a], [b]) => a - b).map(([t, s]) => {
        const presence = agg === 'mean' ? unionLength((line.spans ?? allSpans).get(t) ?? []) : 0;
        const value = agg === 'sum' ? s.sum : presence > 0 ? s.weighted / presence : s.sum / s.profiles;
        return { t, value, profiles: s.profiles };
      }),
    }));
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
