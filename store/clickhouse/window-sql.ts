import { raw, sql } from './sql.js';
import type { Sql } from './sql.js';
import { table } from './schema.js';
import { MINUTE_MS } from '../window-rules.js';


/** Which profiles a query reads: a kind, a time range and a selector condition over their labels. */
export interface Scope {
  kind: string;
  fromMs: number;
  toMs: number;
  /** Condition over `label_names`/`label_values` (selector-sql.ts). */
  selector: Sql;
}

/** `WHERE` of the profiles of a scope. */
export function inScope(s: Scope): Sql {
  return sql`kind = ${s.kind} AND time_ms >= ${s.fromMs} AND time_ms <= ${s.toMs} AND ${s.selector}`;
}

/** The position of sample type `type` in a profile row (0 when it lacks it). */
export function column(type: string): Sql {
  return sql`indexOf(type_names, ${type})`;
}

/**
 * Each profile of the scope (and of the lookahead after it) with the time it stands for its
 * series (store/ingest-rules.ts coverMs): until the next profile of its stream — same series,
 * kind and sample types, in (time, id) order — at most its interval. The lookahead is the
 * longest interval of the scope's profiles, so the next profile of the last one is seen.
 */
export function coversSql(s: Scope): Sql {
  const ps = 'ps';
  return sql`SELECT series, t AS time_ms, pid AS id, cover FROM (
    SELECT series, arraySort(groupArray((time_ms, id, interval_ms))) AS ${raw(ps)} FROM ${table('profiles')}
    WHERE kind = ${s.kind} AND ${s.selector} AND time_ms >= ${s.fromMs}
      AND time_ms <= ${s.toMs} + (SELECT max(interval_ms) FROM ${table('profiles')} WHERE ${inScope(s)})
    GROUP BY series, type_names, type_units)
  ARRAY JOIN arrayMap(p -> p.1, ps) AS t, arrayMap(p -> p.2, ps) AS pid,
    arrayMap((p, i) -> if(i < length(ps), least(p.3, ps[i + 1].1 - p.1), p.3), ps, arrayEnumerate(ps)) AS cover
  WHERE t <= ${s.toMs}`;
}

/** Whole buckets of `res` inside [fromMs, toMs]: first and last bucket start, or undefined. */
export function wholeBuckets(res: number, fromMs: number, toMs: number): [number, number] | undefined {
  const first = Math.ceil(fromMs / res) * res;
  const last = Math.floor((toMs + 1) / res) * res - res;
  return last < first ? undefined : [first, last];
}

/**
 * Rollup buckets of a window whose latest compaction missed a dirty mark (a profile stored
 * after it): those buckets are read from raw profiles. Columns: sk (series), res, bucket.
 * Usually none; reads only the window's dirty marks and their buckets' headers.
 */
export function staleBuckets(kind: string, type: string, fromMs: number, toMs: number): Sql {
  const window = sql`kind = ${kind} AND bucket >= ${fromMs} AND bucket <= ${toMs}`;
  return sql`SELECT toString(series) AS sk, res, bucket FROM (
      SELECT series, res, bucket, groupArray(token) AS tokens FROM ${table('rollup_dirty')} WHERE ${window} GROUP BY series, res, bucket)
    ANY LEFT JOIN (
      SELECT series, res, bucket, argMax(seen, gen) AS seen FROM ${table('rollup_buckets')}
      WHERE ${window} AND type = ${type} AND (series, res, bucket) IN (SELECT series, res, bucket FROM ${table('rollup_dirty')} WHERE ${window})
      GROUP BY series, res, bucket)
    USING (series, res, bucket)
    WHERE NOT hasAll(seen, tokens)`;
}

/**
 * The rollup buckets of one resolution a window reads: for each (series, bucket) of the range
 * the latest compaction, but not the stale ones. Columns: res, series, bucket, g (the
 * compaction), starts and ends of the spans it stands for, n (the profiles it merged).
 */
export function validBuckets(kind: string, type: string, res: number, range: [number, number], headerSelector: Sql, stale?: Sql, outside?: Sql): Sql {
  const [first, last] = range;
  return sql`SELECT res, series, bucket, max(gen) AS g, argMax(span_starts, gen) AS starts, argMax(span_ends, gen) AS ends,
      argMax(profiles, gen) AS n
    FROM ${table('rollup_buckets')}
    WHERE kind = ${kind} AND type = ${type} AND res = ${res} AND bucket >= ${first} AND bucket <= ${last} AND ${headerSelector}
      ${stale === undefined ? raw('') : sql`AND (series, bucket) NOT IN ${stale}`}${outside === undefined ? raw('') : sql` AND ${outside}`}
    GROUP BY res, series, bucket`;
}

const DAY_MS = 86_400_000;

/**
 * True when no raw profile of a window can have expired: it has raw profiles and the day of its
 * oldest began by its first whole minute. Retention drops whole days of raw profiles, oldest
 * first, so every raw profile from that day on is still there — and a rollup then merged only
 * profiles the raw ones count (or that lie before every selected series' raw ones: none).
 */
export function rawComplete(count: number, firstMs: number, fromMs: number): boolean {
  return count > 0 && Math.floor(firstMs / DAY_MS) * DAY_MS <= Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
}
