import type { ValueType } from '../../codec/profile.js';
import type { Aggregation, ProfileKind, ProfileTypeInfo } from '../../common/profile-types.js';
import type { LabelSet } from '../../codec/identity.js';
import type { TypeSummary, WindowProfile, WindowQuery } from '../profile-store.js';
import { parseSelector } from '../selector.js';
import type { Matcher } from '../selector.js';
import { windowProfile } from '../window-profile.js';
import { checkRange, HOUR_MS, MINUTE_MS, summarizeTypes, unionLength } from '../window-rules.js';
import type { ClickHouseHttp, Settings } from './http-client.js';
import { arrayLabel, selectorSql } from './selector-sql.js';
import { inSet, raw, sql } from './sql.js';
import type { Sql } from './sql.js';
import { table } from './schema.js';
import type { SymbolReader } from './symbol-reader.js';
import { column, coversSql, inScope, rawComplete, staleBuckets, validBuckets, wholeBuckets } from './window-sql.js';
import type { Scope } from './window-sql.js';

const PROFILE_LABELS = arrayLabel('label_names', 'label_values');

/**
 * Reads windows on ClickHouse: the selector filters rows in SQL, sums and time-weighted sums per
 * stack are computed by the server (whole rollup buckets where they are valid, raw profiles
 * elsewhere), and the answer is assembled by the rules shared with SQLite (window-rules.ts,
 * window-profile.ts), so the same profiles give the same answer.
 */
export class WindowReader {
  useRollups = true;

  constructor(
    private readonly server: ClickHouseHttp, private readonly symbols: SymbolReader,
    private readonly resolveType: (name: string) => Promise<ProfileTypeInfo>, private readonly settings: Settings,
  ) {}

  /** The SQL of a selector over a label array pair, within the rows of `where` (for regexes tested here). */
  private async selector(matchers: readonly Matcher[], fromMs: number, toMs: number, names = 'label_names', values = 'label_values'): Promise<Sql> {
    return selectorSql(matchers, arrayLabel(names, values), async (name) => {
      // The values of raw profiles, and of rollups (what is left once raw profiles expired).
      const rows = await this.server.rows<{ v: string }>(sql`SELECT DISTINCT v FROM (
          SELECT ${PROFILE_LABELS(name)} AS v FROM ${table('profiles')} WHERE time_ms >= ${fromMs} AND time_ms <= ${toMs} AND has(label_names, ${name})
          UNION ALL
          SELECT ${PROFILE_LABELS(name)} AS v FROM ${table('rollup_buckets')}
          WHERE bucket >= ${fromMs - HOUR_MS} AND bucket <= ${toMs} AND has(label_names, ${name}))`, this.settings);
      return rows.map((r) => r.v);
    });
  }

  /** The profiles a query reads: its kind, time range and selector as SQL. */
  async scope(query: WindowQuery, info: ProfileTypeInfo): Promise<Scope & { matchers: Matcher[] }> {
    const matchers = parseSelector(query.selector);
    return { kind: info.kind, fromMs: query.fromMs, toMs: query.toMs, selector: await this.selector(matchers, query.fromMs, query.toMs), matchers };
  }

  async window(query: WindowQuery): Promise<WindowProfile> {
    const info = await this.resolveType(query.type);
    checkRange(query.fromMs, query.toMs);
    const agg: Aggregation = query.agg ?? info.aggregation;
    const scope = await this.scope(query, info);
    const type = info.sampleType;
    const parts = await this.parts(scope, type);
    const [sums, spans, meta] = await Promise.all([
      this.sums(scope, type, agg, parts),
      agg === 'mean' ? this.spans(scope, type, parts) : Promise.resolve([] as number[]),
      this.meta(scope),
    ]);
    // Rollups count the profiles they merged: after retention deleted the raw ones, they still count (as on SQLite).
    const profiles = rawComplete(meta.count, meta.firstMs, scope.fromMs) ? meta.count : Math.max(meta.count, await this.merged(scope, parts));
    const presence = agg === 'mean' ? unionLength(spans) : 1;
    // Rows ordered as SQLite orders them: by stack in the order stacks were first stored, then by label set.
    const kept = [...sums].filter(([, v]) => v !== 0);
    const stackOrder = new Map((await this.symbols.ordered([...new Set(kept.map(([k]) => k.slice(0, k.indexOf(':'))))])).map((id, i) => [id, i]));
    const sets = await this.symbols.labelSets(kept.map(([k]) => k.slice(k.indexOf(':') + 1)));
    const setKey = new Map([...sets].map(([id, set]) => [id, JSON.stringify(set)]));
    const rows = kept.map(([k, v]) => ({ stack: k.slice(0, k.indexOf(':')), labels: k.slice(k.indexOf(':') + 1), v }));
    rows.sort((a, b) => stackOrder.get(a.stack)! - stackOrder.get(b.stack)!
      || (a.labels === b.labels ? 0 : a.labels === '0' ? -1 : b.labels === '0' ? 1 : setKey.get(a.labels)! < setKey.get(b.labels)! ? -1 : 1));
    const stacks = [...stackOrder.keys()];
    const { symbols, localStacks } = await this.symbols.symbols(stacks);
    const localSets = [...sets.keys()];
    const setIndex = new Map(localSets.map((id, i) => [id, i]));
    const stored = meta.newest?.find((t) => t.type === type);
    const { profile, filteredOut } = windowProfile({
      stackIds: Uint32Array.from(rows, (r) => localStacks[stackOrder.get(r.stack)!]!),
      labelSetIds: Uint32Array.from(rows, (r) => setIndex.get(r.labels)!),
      values: Float64Array.from(rows, (r) => r.v / presence),
      sampleType: { type, unit: stored?.unit ?? info.unit }, periodType: meta.periodType, period: meta.period,
      timeNanos: meta.firstMs * 1e6, durationNanos: meta.durationNs,
    }, { ...symbols, labelSet: (id) => sets.get(localSets[id]!)! }, query.labelFilter);
    return filteredOut === undefined ? { profile, profiles, agg } : { profile, profiles, agg, filteredOut };
  }

  /** Valid rollup buckets of the window (SQL subqueries), and the condition that leaves the rest to raw profiles. */
  private async parts(s: Scope & { matchers: Matcher[] }, type: string): Promise<{ hours?: Sql; minutes?: Sql; rawOutside: Sql }> {
    if (!this.useRollups) return { rawOutside: raw('1') };
    const hourRange = wholeBuckets(HOUR_MS, s.fromMs, s.toMs);
    const minuteRange = wholeBuckets(MINUTE_MS, s.fromMs, s.toMs);
    if (hourRange === undefined && minuteRange === undefined) return { rawOutside: raw('1') };
    const [header, staleRows] = await Promise.all([
      this.selector(s.matchers, s.fromMs, s.toMs),
      this.server.rows<{ sk: string; bucket: string }>(staleBuckets(s.kind, type, s.fromMs, s.toMs), this.settings),
    ]);
    const stale = staleRows.length === 0 ? undefined : inSet(staleRows.map((r) => raw(`(${r.sk}, ${Number(r.bucket)})`)));
    const hours = hourRange === undefined ? undefined : validBuckets(s.kind, type, HOUR_MS, hourRange, header, stale);
    const inHour = (expr: string) => sql`(series, intDiv(${raw(expr)}, ${HOUR_MS}) * ${HOUR_MS}) NOT IN (SELECT series, bucket FROM (${hours!}))`;
    const minutes = minuteRange === undefined ? undefined
      : validBuckets(s.kind, type, MINUTE_MS, minuteRange, header, stale, hours === undefined ? undefined : inHour('bucket'));
    const conditions: Sql[] = [];
    if (hours !== undefined) conditions.push(inHour('time_ms'));
    if (minutes !== undefined) conditions.push(sql`(series, intDiv(time_ms, ${MINUTE_MS}) * ${MINUTE_MS}) NOT IN (SELECT series, bucket FROM (${minutes}))`);
    return { hours, minutes, rawOutside: raw(conditions.map((c) => c.text).join(' AND ')) };
  }

  /** Summed (or time-weighted) values per row — `stack:labelSet` — over the rollups and raw profiles of the window. */
  private async sums(s: Scope, type: string, agg: Aggregation, parts: { hours?: Sql; minutes?: Sql; rawOutside: Sql }): Promise<Map<string, number>> {
    const rollupColumn = raw(agg === 'sum' ? 'toFloat64(value)' : 'weighted');
    const selects: Sql[] = [];
    for (const [res, valid] of [[HOUR_MS, parts.hours], [MINUTE_MS, parts.minutes]] as const) {
      if (valid === undefined) continue;
      selects.push(sql`SELECT stack, labels, ${rollupColumn} AS v FROM ${table('rollup_values')}
        WHERE kind = ${s.kind} AND type = ${type} AND res = ${res} AND (res, series, bucket, gen) IN (SELECT res, series, bucket, g FROM (${valid}))`);
    }
    const rawRows = sql`SELECT sample_stacks, sample_labels, sample_values[${column(type)}] AS col${raw(agg === 'mean' ? ', cover' : '')}
      FROM ${table('profiles')}${agg === 'mean' ? sql` ANY INNER JOIN (${coversSql(s)}) USING (series, time_ms, id)` : raw('')}
      WHERE ${inScope(s)} AND has(type_names, ${type}) AND ${parts.rawOutside}`;
    selects.push(sql`SELECT stack, labels, ${raw(agg === 'mean' ? 'toFloat64(x) * cover' : 'toFloat64(x)')} AS v FROM (${rawRows}) ARRAY JOIN sample_stacks AS stack, sample_labels AS labels, col AS x`);
    const rows = await this.server.rows<{ s: string; v: number }>(sql`SELECT concat(toString(stack), ':', toString(labels)) AS s, sum(v) AS v FROM (
      ${raw(selects.map((x) => x.text).join('\nUNION ALL\n'))}) GROUP BY stack, labels`, this.settings);
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.s, Number(r.v));
    return out;
  }

  /** The spans the window's parts stand for, flat: the divisor of a mean is the length of their union. */
  private async spans(s: Scope, type: string, parts: { hours?: Sql; minutes?: Sql; rawOutside: Sql }): Promise<number[]> {
    const selects: Sql[] = [];
    for (const valid of [parts.hours, parts.minutes]) if (valid !== undefined) selects.push(sql`SELECT starts, ends FROM (${valid})`);
    selects.push(sql`SELECT [time_ms] AS starts, [time_ms + cover] AS ends FROM ${table('profiles')}
      ANY INNER JOIN (${coversSql(s)}) USING (series, time_ms, id)
      WHERE ${inScope(s)} AND has(type_names, ${type}) AND ${parts.rawOutside}`);
    const text = await this.server.text(sql`SELECT starts, ends FROM (${raw(selects.map((x) => x.text).join('\nUNION ALL\n'))}) FORMAT TSV`, this.settings);
    const out: number[] = [];
    for (const line of text.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0 || tab <= 2) continue;
      const starts = line.slice(1, tab - 1).split(','), ends = line.slice(tab + 2, -1).split(',');
      for (let i = 0; i < starts.length; i++) out.push(Number(starts[i]), Number(ends[i]));
    }
    return out;
  }

  /**
   * The profiles the window's parts stand for: what its valid rollup buckets merged, plus its raw
   * profiles outside them (0 when it reads no rollup: the raw count then answers alone).
   */
  private async merged(s: Scope, parts: { hours?: Sql; minutes?: Sql; rawOutside: Sql }): Promise<number> {
    const rollups = [parts.hours, parts.minutes].filter((p): p is Sql => p !== undefined);
    if (rollups.length === 0) return 0;
    const selects = rollups.map((valid) => sql`SELECT toUInt64(n) AS c FROM (${valid})`);
    selects.push(sql`SELECT count() AS c FROM ${table('profiles')} WHERE ${inScope(s)} AND ${parts.rawOutside}`);
    const [row] = await this.server.rows<{ c: string }>(sql`SELECT sum(c) AS c FROM (${raw(selects.map((x) => x.text).join('\nUNION ALL\n'))})`, this.settings);
    return Number(row?.c ?? 0);
  }

  /** Count, duration, first time and period of the window's raw profiles, and the sample types of the newest. */
  private async meta(s: Scope): Promise<{ count: number; durationNs: number; firstMs: number; period: number; periodType: ValueType; newest?: ValueType[] }> {
    type Row = { n: string; d: string; f: string; p: string; names: string[]; units: string[]; pt: string; pu: string };
    const [row] = await this.server.rows<Row>(sql`SELECT count() AS n, sum(duration_ns) AS d, min(time_ms) AS f, max(period) AS p,
        argMax(type_names, (time_ms, id)) AS names, argMax(type_units, (time_ms, id)) AS units,
        argMax(period_type, (time_ms, id)) AS pt, argMax(period_unit, (time_ms, id)) AS pu
      FROM ${table('profiles')} WHERE ${inScope(s)}`, this.settings);
    const count = Number(row?.n ?? 0);
    if (row === undefined || count === 0) return { count: 0, durationNs: 0, firstMs: 0, period: 0, periodType: { type: '', unit: '' } };
    return {
      count, durationNs: Number(row.d), firstMs: Number(row.f), period: Number(row.p), periodType: { type: row.pt, unit: row.pu },
      newest: row.names.map((type, i) => ({ type, unit: row.units[i]! })),
    };
  }

  /** The sample label sets of the selected profiles in [fromMs, toMs] (of one type when given), the empty one left out. */
  async sampleLabelSets(selector: string, fromMs: number, toMs: number, type?: string): Promise<LabelSet[]> {
    checkRange(fromMs, toMs);
    const info = type === undefined ? undefined : await this.resolveType(type);
    const condition = await this.selector(parseSelector(selector), fromMs, toMs);
    const ofType = info === undefined ? raw('') : sql` AND kind = ${info.kind} AND has(type_names, ${info.sampleType})`;
    const rows = await this.server.rows<{ l: string }>(sql`SELECT DISTINCT toString(arrayJoin(sample_labels)) AS l FROM ${table('profiles')}
      WHERE time_ms >= ${fromMs} AND time_ms <= ${toMs} AND ${condition}${ofType}`, this.settings);
    const ids = rows.map((r) => r.l).filter((l) => l !== '0');
    const sets = [...(await this.symbols.labelSets(ids)).values()];
    // In a stable order (SQLite's is the order label sets were first stored).
    return sets.sort((a, b) => {
      const x = JSON.stringify(a), y = JSON.stringify(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  async labelNames(fromMs: number, toMs: number, selector = ''): Promise<string[]> {
    checkRange(fromMs, toMs);
    const condition = await this.selector(parseSelector(selector), fromMs, toMs);
    const rows = await this.server.rows<{ n: string }>(sql`SELECT DISTINCT arrayJoin(label_names) AS n FROM ${table('profiles')}
      WHERE time_ms >= ${fromMs} AND time_ms <= ${toMs} AND ${condition}`, this.settings);
    return rows.map((r) => r.n).sort();
  }

  async labelValues(name: string, fromMs: number, toMs: number, selector = ''): Promise<string[]> {
    checkRange(fromMs, toMs);
    const condition = await this.selector(parseSelector(selector), fromMs, toMs);
    const rows = await this.server.rows<{ v: string }>(sql`SELECT DISTINCT ${PROFILE_LABELS(name)} AS v FROM ${table('profiles')}
      WHERE time_ms >= ${fromMs} AND time_ms <= ${toMs} AND has(label_names, ${name}) AND ${condition}`, this.settings);
    return rows.map((r) => r.v).sort();
  }

  async types(selector: string, fromMs: number, toMs: number): Promise<TypeSummary[]> {
    checkRange(fromMs, toMs);
    const condition = await this.selector(parseSelector(selector), fromMs, toMs);
    type Row = { first: string; kind: string; names: string[]; units: string[]; n: string; f: string; l: string; p: string; pt: string };
    const rows = await this.server.rows<Row>(sql`SELECT toString(min(id)) AS first, kind, type_names AS names, type_units AS units,
        count() AS n, min(time_ms) AS f, max(time_ms) AS l, argMax(period, (time_ms, id)) AS p, argMax(period_type, (time_ms, id)) AS pt
      FROM ${table('profiles')} WHERE time_ms >= ${fromMs} AND time_ms <= ${toMs} AND ${condition}
      GROUP BY series, kind, type_names, type_units`, this.settings);
    rows.sort((a, b) => {
      const x = BigInt(a.first), y = BigInt(b.first);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return summarizeTypes(rows.map((r) => ({
      kind: r.kind as ProfileKind, sampleTypes: r.names.map((type, i) => ({ type, unit: r.units[i]! })),
      count: Number(r.n), firstMs: Number(r.f), lastMs: Number(r.l), period: Number(r.p), periodType: r.pt,
    })));
  }
}
