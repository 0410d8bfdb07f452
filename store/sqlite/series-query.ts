import type Database from 'better-sqlite3';
import type { LabelSet } from '../../codec/identity.js';
import type { ProfileTypeInfo } from '../../common/profile-types.js';
import type { Series, SeriesGrouping, WindowQuery } from '../profile-store.js';
import { needsLabelSets, seriesLines } from '../series-lines.js';
import type { ProfileTotal } from '../series-lines.js';
import { checkRange, checkStep } from '../window-rules.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { readColumn } from './sample-blob.js';
import { columnOf } from './sample-types.js';
import type { SeriesIndex } from './series-index.js';

const SAMPLE_ROWS = 'SELECT id, series, time_ms, sample_types, totals, cover_ms, label_totals FROM profiles';
const ROWS = 'SELECT id, series, time_ms, sample_types, totals, cover_ms, NULL FROM profiles';
const IN_WINDOW = 'WHERE kind = ? AND time_ms >= ? AND time_ms <= ? AND series IN (SELECT value FROM json_each(?)) ORDER BY series, time_ms';

/** Totals over time of the SQLite store (added up by store/series-lines.ts). */
export class SeriesReader {
  private readonly plain: Database.Statement;
  private readonly labelled: Database.Statement;

  constructor(
    db: Database.Database, private readonly labelSets: LabelSetDictionary, private readonly seriesIndex: SeriesIndex,
    private readonly resolveType: (name: string) => ProfileTypeInfo,
  ) {
    this.plain = db.prepare(`${ROWS} ${IN_WINDOW}`).raw();
    this.labelled = db.prepare(`${SAMPLE_ROWS} ${IN_WINDOW}`).raw();
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
    return out;
  }
}
