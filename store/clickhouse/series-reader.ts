import type { LabelSet } from '../../codec/identity.js';
import type { Labels } from '../../common/labels.js';
import type { ProfileTypeInfo } from '../../common/profile-types.js';
import type { Series, SeriesGrouping, WindowQuery } from '../profile-store.js';
import { needsLabelSets, seriesLines } from '../series-lines.js';
import type { ProfileTotal } from '../series-lines.js';
import { checkRange, checkStep, HOUR_MS, MINUTE_MS, unionLength } from '../window-rules.js';
import type { ClickHouseHttp, Settings } from './http-client.js';
import { inSet, raw, sql } from './sql.js';
import type { Sql } from './sql.js';
import { table } from './schema.js';
import type { SymbolReader } from './symbol-reader.js';
import { column, coversSql, inScope, rawComplete, staleBuckets, validBuckets, wholeBuckets } from './window-sql.js';
import type { Scope } from './window-sql.js';

/** Labels of a row's parallel name and value arrays. */
function labelsOf(names: readonly string[], values: readonly string[]): Labels {
  const out: Record<string, string> = {};
  names.forEach((n, i) => { out[n] = values[i]!; });
  return Object.freeze(out);
}

/** Query text holding many series ids is larger than ClickHouse's default 256 KiB. */
const LARGE_QUERY = { max_query_size: 16 * 1024 * 1024 } as const;

/** A rollup bucket a series query reads: its series, start, the profiles it merged and the spans they cover. */
interface RollupBucket {
  res: number;
  sk: string;
  t: number;
  profiles: number;
  spans: number[];
  total: number;
  labelSets: string[];
  labelTotals: number[];
}

/**
 * Totals over time on ClickHouse (added up by store/series-lines.ts, as on SQLite): raw
 * profiles, and the minute and hour rollups of the time before each series' oldest raw profile
 * in the window — minute rollups, then hour rollups before the oldest of those — one point per
 * rollup, so a timeline still answers once retention deleted the raw profiles.
 */
export class SeriesReader {
  constructor(
    private readonly server: ClickHouseHttp, private readonly symbols: SymbolReader,
    private readonly resolveType: (name: string) => Promise<ProfileTypeInfo>,
    private readonly scopeOf: (query: WindowQuery, info: ProfileTypeInfo) => Promise<Scope>,
    private readonly settings: Settings,
  ) {}

  async series(query: WindowQuery, stepMs: number, groupBy?: SeriesGrouping): Promise<Series[]> {
    const info = await this.resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    checkStep(stepMs);
    const agg = query.agg ?? info.aggregation;
    const scope = await this.scopeOf(query, info);
    const perLabelSet = needsLabelSets(query, groupBy);
    const col = column(info.sampleType);
    type Row = { sk: string; names: string[]; lvalues: string[]; key: string; t: string; total: number; cover: string };
    const inType = sql`${inScope(scope)} AND has(type_names, ${info.sampleType})`;
    const [rows, perSet] = await Promise.all([
      this.server.rows<Row>(sql`SELECT toString(series) AS sk, label_names AS names, label_values AS lvalues,
          toString(id) AS key, time_ms AS t, totals[${col}] AS total, ${raw(agg === 'mean' ? 'cover' : '0 AS cover')}
        FROM ${table('profiles')}${agg === 'mean' ? sql` ANY INNER JOIN (${coversSql(scope)}) USING (series, time_ms, id)` : raw('')}
        WHERE ${inType} ORDER BY series, time_ms, id`, this.settings),
      perLabelSet ? this.server.rows<{ key: string; l: string; v: number }>(sql`SELECT toString(id) AS key, toString(lset) AS l, sum(toFloat64(x)) AS v
        FROM (SELECT id, sample_labels, sample_values[${col}] AS col FROM ${table('profiles')} WHERE ${inType})
        ARRAY JOIN sample_labels AS lset, col AS x GROUP BY id, lset`, this.settings) : Promise.resolve([]),
    ]);
    // Rollups of the time before a series' oldest raw profile: only where raw profiles expired.
    const oldestRaw = rows.reduce((m, r) => Math.min(m, Number(r.t)), Infinity);
    const rollupBuckets = rawComplete(rows.length, oldestRaw, scope.fromMs) ? [] : await this.rollupBuckets(scope, info.sampleType, inType, perLabelSet);
    const minutes = rollupBuckets.filter((b) => b.res === MINUTE_MS), hours = rollupBuckets.filter((b) => b.res === HOUR_MS);
    // Hour rollups only before the first minute rollup a series uses (minute rollups come first, by bucket).
    const firstMinute = new Map<string, number>();
    for (const b of minutes) if (!firstMinute.has(b.sk)) firstMinute.set(b.sk, b.t);
    const usedHours = hours.filter((b) => b.t + HOUR_MS <= (firstMinute.get(b.sk) ?? Infinity));
    const rollups = [...minutes, ...usedHours];
    if (rows.length === 0 && rollups.length === 0) return [];

    const seriesIndex = await this.numberSeries(rows.map((r) => r.sk), rollups);
    const seriesLabels = new Map<number, Labels>();
    for (const r of rows) if (!seriesLabels.has(seriesIndex.get(r.sk)!)) seriesLabels.set(seriesIndex.get(r.sk)!, labelsOf(r.names, r.lvalues));
    const unlabelled = [...seriesIndex].filter(([, i]) => !seriesLabels.has(i)).map(([sk]) => sk);
    if (unlabelled.length > 0) {
      const heads = await this.server.rows<{ sk: string; names: string[]; lvalues: string[] }>(sql`SELECT toString(series) AS sk,
          any(label_names) AS names, any(label_values) AS lvalues FROM ${table('rollup_buckets')}
        WHERE kind = ${scope.kind} AND series IN ${inSet(unlabelled.map((sk) => raw(sk)))} GROUP BY series`, { ...this.settings, ...LARGE_QUERY });
      for (const h of heads) seriesLabels.set(seriesIndex.get(h.sk)!, labelsOf(h.names, h.lvalues));
    }

    // Label sets numbered by first appearance; the empty one is 0.
    const setIndex = new Map<string, number>([['0', 0]]);
    const localSet = (l: string) => {
      if (!setIndex.has(l)) setIndex.set(l, setIndex.size);
      return setIndex.get(l)!;
    };
    const byProfile = new Map<string, { ids: number[]; totals: number[] }>();
    for (const r of perSet) {
      let entry = byProfile.get(r.key);
      if (entry === undefined) byProfile.set(r.key, (entry = { ids: [], totals: [] }));
      entry.ids.push(localSet(r.l));
      entry.totals.push(Number(r.v));
    }
    const totals: ProfileTotal[] = rows.map((r) => {
      const row: ProfileTotal = { id: Number(r.key), series: seriesIndex.get(r.sk)!, t: Number(r.t), cover: Number(r.cover), total: Number(r.total) };
      if (perLabelSet) {
        const entry = byProfile.get(r.key) ?? { ids: [], totals: [] };
        row.labelSets = entry.ids;
        row.labelTotals = entry.totals;
      }
      return row;
    });
    totals.sort((a, b) => a.series - b.series || a.t - b.t || a.id - b.id);
    // Then the rollups, as SQLite adds them: minute ones, then hour ones, each by series and bucket.
    const rollupRows = (list: readonly RollupBucket[]) => list.map((b): ProfileTotal => {
      const row: ProfileTotal = {
        id: 0, series: seriesIndex.get(b.sk)!, t: b.t, cover: unionLength(b.spans), total: b.total, rollup: { profiles: b.profiles, spans: b.spans },
      };
      if (perLabelSet) {
        row.labelSets = b.labelSets.map(localSet);
        row.labelTotals = b.labelTotals;
      }
      return row;
    }).sort((a, b) => a.series - b.series || a.t - b.t);
    totals.push(...rollupRows(minutes), ...rollupRows(usedHours));

    const stored = perLabelSet ? await this.symbols.labelSets(setIndex.keys()) : new Map<string, LabelSet>();
    const labelSets = new Map<number, LabelSet>([...setIndex].map(([id, i]) => [i, stored.get(id) ?? Object.freeze([])]));
    return seriesLines({ query, agg, stepMs, groupBy, rows: totals, labelSets, seriesLabels: (i) => seriesLabels.get(i)! });
  }

  /**
   * Series numbered in the order they were first stored, as SQLite numbers them (by their oldest
   * stored profile); series known only from rollups (their raw profiles expired) come first, in
   * the order of their first rollup in the answer.
   */
  private async numberSeries(rawSeries: readonly string[], rollups: readonly RollupBucket[]): Promise<Map<string, number>> {
    const withRaw = [...new Set(rawSeries)];
    const firsts = withRaw.length === 0 ? [] : await this.server.rows<{ sk: string; first: string }>(sql`SELECT toString(series) AS sk,
        toString(min(id)) AS first FROM ${table('profiles')} WHERE series IN (${raw(withRaw.join(', '))}) GROUP BY series`, { ...this.settings, ...LARGE_QUERY });
    const firstOf = new Map(firsts.map((f) => [f.sk, BigInt(f.first)]));
    const rollupFirst = new Map<string, number>();
    for (const b of rollups) rollupFirst.set(b.sk, Math.min(b.t, rollupFirst.get(b.sk) ?? Infinity));
    const onlyRollups = [...rollupFirst.keys()].filter((sk) => !firstOf.has(sk));
    onlyRollups.sort((a, b) => rollupFirst.get(a)! - rollupFirst.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    const ordered = withRaw.filter((sk) => firstOf.has(sk)).sort((a, b) => {
      const x = firstOf.get(a)!, y = firstOf.get(b)!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return new Map([...onlyRollups, ...withRaw.filter((sk) => !firstOf.has(sk)), ...ordered].map((sk, i) => [sk, i]));
  }

  /**
   * The valid minute and hour rollup buckets wholly inside the window that end by their series'
   * oldest raw profile of the type in the window (all of them for a series without one), by
   * resolution, series and bucket: the profiles each merged, its spans, and its total (per label
   * set when asked). Two queries, sent together with the raw profiles' read.
   */
  private async rollupBuckets(s: Scope, type: string, rawOfType: Sql, perLabelSet: boolean): Promise<RollupBucket[]> {
    const usable: Sql[] = [];
    for (const res of [MINUTE_MS, HOUR_MS]) {
      const range = wholeBuckets(res, s.fromMs, s.toMs);
      if (range === undefined) continue;
      const stale = sql`(SELECT toUInt64(sk), bucket FROM (${staleBuckets(s.kind, type, s.fromMs, s.toMs)}) WHERE res = ${res})`;
      usable.push(sql`SELECT res, series, bucket, g, starts, ends, n FROM (${validBuckets(s.kind, type, res, range, s.selector, stale)})
        ANY LEFT JOIN (SELECT series, min(time_ms) AS oldest FROM ${table('profiles')} WHERE ${rawOfType} GROUP BY series) USING series
        WHERE oldest = 0 OR bucket + ${res} <= oldest`);
    }
    if (usable.length === 0) return [];
    const all = raw(usable.map((u) => u.text).join('\nUNION ALL\n'));
    type Head = { res: number; sk: string; bucket: string; n: string; starts: string[]; ends: string[] };
    type Total = { res: number; sk: string; bucket: string; l: string; v: string };
    const [heads, sums] = await Promise.all([
      this.server.rows<Head>(sql`SELECT res, toString(series) AS sk, bucket, n, starts, ends FROM (${all}) ORDER BY res, series, bucket`, this.settings),
      this.server.rows<Total>(sql`SELECT res, toString(series) AS sk, bucket, ${raw(perLabelSet ? 'toString(labels)' : "'0'")} AS l, toString(sum(value)) AS v
        FROM ${table('rollup_values')}
        WHERE kind = ${s.kind} AND type = ${type} AND (res, series, bucket, gen) IN (SELECT res, series, bucket, g FROM (${all}))
        GROUP BY res, series, bucket${raw(perLabelSet ? ', labels' : '')}`, this.settings),
    ]);
    const buckets = new Map<string, RollupBucket>();
    for (const h of heads) {
      const spans: number[] = [];
      h.starts.forEach((start, i) => spans.push(Number(start), Number(h.ends[i])));
      buckets.set(`${h.res}:${h.sk}:${h.bucket}`, {
        res: Number(h.res), sk: h.sk, t: Number(h.bucket), profiles: Number(h.n), spans, total: 0, labelSets: [], labelTotals: [],
      });
    }
    for (const r of sums) {
      const b = buckets.get(`${r.res}:${r.sk}:${r.bucket}`);
      if (b === undefined) continue;
      b.total += Number(r.v);
      b.labelSets.push(r.l);
      b.labelTotals.push(Number(r.v));
    }
    return [...buckets.values()];
  }
}
