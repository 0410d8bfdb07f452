import { randomBytes } from 'node:crypto';
import type { ClickHouseHttp, Settings } from './http-client.js';
import { RowBinary } from './row-binary.js';
import { localTable, table } from './schema.js';
import type { Topology } from './schema.js';
import { inSet, raw, sql } from './sql.js';
import type { Sql } from './sql.js';
import { HOUR_MS, MINUTE_MS, RESOLUTIONS } from '../window-rules.js';

/** What one compaction wrote: buckets of (kind, series) per resolution. */
export interface CompactionResult {
  minutes: number;
  hours: number;
}

/** A profile stored after its buckets may have been rolled up. */
export interface LateProfile {
  series: bigint;
  kind: string;
  timeMs: number;
  typeNames: string[];
  typeUnits: string[];
}

const DAY_MS = 86_400_000;

/** How much raw time one compaction statement reads, per resolution. */
const CHUNK_MS: Readonly<Record<number, number>> = { [MINUTE_MS]: HOUR_MS, [HOUR_MS]: DAY_MS };

/**
 * Marks the buckets late profiles change as dirty: each one's own bucket and its predecessor's
 * (whose time it now bounds), at every resolution. A window reads a rollup only when its
 * compaction saw every dirty mark of its bucket, and compaction reads the marks before the raw
 * profiles — and marks are written after the profiles — so a rollup never answers for a bucket
 * it does not hold in full.
 */
export async function markLate(server: ClickHouseHttp, insertSettings: Settings, late: readonly LateProfile[]): Promise<void> {
  if (late.length === 0) return;
  const predecessors = new Map<number, number>();
  // One read for the batch: the profiles of its streams from an hour before its first time;
  // a profile whose predecessor is older is asked about alone.
  const streamKey = (series: bigint | string, kind: string, names: readonly string[], units: readonly string[]) =>
    `${series}|${kind}|${JSON.stringify(names)}|${JSON.stringify(units)}`;
  const fromMs = Math.min(...late.map((p) => p.timeMs)) - HOUR_MS, toMs = Math.max(...late.map((p) => p.timeMs));
  const kinds = [...new Set(late.map((p) => p.kind))];
  const seriesIds = [...new Set(late.map((p) => p.series))];
  type Near = { sk: string; kind: string; names: string[]; units: string[]; times: string[] };
  const near = await server.rows<Near>(sql`SELECT toString(series) AS sk, kind, type_names AS names, type_units AS units,
      arraySort(groupArray(time_ms)) AS times FROM ${table('profiles')}
    WHERE kind IN ${inSet(kinds.map((k) => sql`${k}`))} AND series IN ${inSet(seriesIds.map((id) => raw(String(id))))}
      AND time_ms >= ${fromMs} AND time_ms < ${toMs}
    GROUP BY series, kind, type_names, type_units`, { max_query_size: 16 << 20 });
  const timesOf = new Map(near.map((r) => [streamKey(r.sk, r.kind, r.names, r.units), r.times.map(Number)]));
  const alone: number[] = [];
  late.forEach((p, k) => {
    const times = timesOf.get(streamKey(p.series, p.kind, p.typeNames, p.typeUnits)) ?? [];
    let before: number | undefined;
    for (const t of times) if (t < p.timeMs) before = t;
    if (before === undefined) alone.push(k);
    else predecessors.set(k, before);
  });
  for (let i = 0; i < alone.length; i += 100) {
    const parts = alone.slice(i, i + 100).map((k) => {
      const p = late[k]!;
      return sql`SELECT ${k} AS k, max(time_ms) AS t FROM ${table('profiles')}
      WHERE kind = ${p.kind} AND series = ${p.series} AND type_names = ${p.typeNames} AND type_units = ${p.typeUnits} AND time_ms < ${p.timeMs}`;
    });
    const rows = await server.rows<{ k: number; t: string }>(raw(parts.map((p) => p.text).join('\nUNION ALL\n')), { max_query_size: 16 << 20 });
    for (const r of rows) if (Number(r.t) !== 0) predecessors.set(Number(r.k), Number(r.t));
  }
  const out = new RowBinary();
  const now = Date.now();
  const seen = new Set<string>();
  late.forEach((p, k) => {
    for (const t of [p.timeMs, predecessors.get(k)]) {
      if (t === undefined) continue;
      for (const res of RESOLUTIONS) {
        const bucket = Math.floor(t / res) * res;
        const key = `${p.series}|${p.kind}|${res}|${bucket}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.date(bucket).string(p.kind).u64(p.series).u32(res).i64(bucket).u64(randomBytes(8).readBigUInt64LE()).i64(now);
      }
    }
  });
  await server.insert(table('rollup_dirty'), 'RowBinary', out.bytes(), insertSettings);
}

/** A compaction's generation: later ones are larger (the latest valid one is read), ties are harmless. */
function generation(): bigint {
  return BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
}

/**
 * Rollup compaction on each shard, over its own tables (a series lives on one shard): per
 * resolution, the buckets closed at least the grace period ago (and whose every profile's
 * interval has passed, so no in-order profile can still change the time one stands for) since
 * the shard's watermark, and the dirty buckets of any age.
 */
export class Rollups {
  constructor(private readonly topology: Topology) {}

  async compact(nowMs: number, graceMs: number): Promise<CompactionResult> {
    const written = { minutes: 0, hours: 0 };
    for (const shard of this.topology.shards) {
      for (const res of RESOLUTIONS) {
        const n = await this.compactShard(shard, res, nowMs - graceMs);
        if (res === MINUTE_MS) written.minutes += n;
        else written.hours += n;
      }
    }
    return written;
  }

  private t(name: string): Sql {
    return localTable(this.topology, name);
  }

  private async compactShard(shard: ClickHouseHttp, res: number, settledMs: number): Promise<number> {
    const closed = Math.floor(settledMs / res) * res;
    const [state] = await shard.rows<{ until: string; first: string; n: string }>(sql`SELECT
      (SELECT max(until_ms) FROM ${this.t('rollup_state')} WHERE res = ${res}) AS until,
      (SELECT min(time_ms) FROM ${this.t('profiles')}) AS first, (SELECT count() FROM ${this.t('rollup_state')} WHERE res = ${res}) AS n`);
    const hasState = Number(state?.n ?? 0) > 0;
    let from = hasState ? Number(state!.until) : Math.floor(Number(state?.first ?? closed) / res) * res;
    if (!hasState && Number(state?.first ?? 0) === 0) from = closed;
    let written = 0;
    let until = Math.max(from, closed);
    // Buckets since the watermark, a chunk at a time.
    for (let lo = from; lo < closed; lo += CHUNK_MS[res]!) {
      const hi = Math.min(closed, lo + CHUNK_MS[res]!);
      type Row = { kind: string; sk: string; bucket: string; ready: number };
      const buckets = await shard.rows<Row>(sql`SELECT kind, toString(series) AS sk, intDiv(time_ms, ${res}) * ${res} AS bucket,
          max(time_ms + interval_ms) <= ${settledMs} AS ready
        FROM ${this.t('profiles')} WHERE time_ms >= ${lo} AND time_ms < ${hi}
          AND (kind, series, intDiv(time_ms, ${res}) * ${res}) NOT IN (SELECT kind, series, bucket FROM ${this.t('rollup_buckets')} WHERE res = ${res} AND bucket >= ${lo} AND bucket < ${hi})
        GROUP BY kind, series, bucket`);
      const ready = buckets.filter((b) => Number(b.ready) === 1);
      for (const b of buckets) if (Number(b.ready) !== 1) until = Math.min(until, Number(b.bucket));
      written += await this.rollUp(shard, res, lo, hi, ready.map((b) => ({ kind: b.kind, series: b.sk, bucket: Number(b.bucket) })));
    }
    // Dirty buckets: a mark the latest compaction of the bucket has not seen.
    type Dirty = { kind: string; sk: string; bucket: string };
    const dirty = await shard.rows<Dirty>(sql`SELECT kind, toString(series) AS sk, bucket FROM (
        SELECT kind, series, bucket, groupArray(token) AS tokens FROM ${this.t('rollup_dirty')} WHERE res = ${res} AND bucket < ${closed}
        GROUP BY kind, series, bucket)
      ANY LEFT JOIN (
        SELECT kind, series, bucket, argMax(seen, gen) AS seen FROM ${this.t('rollup_buckets')}
        WHERE res = ${res} AND (kind, series, res, bucket) IN (SELECT kind, series, res, bucket FROM ${this.t('rollup_dirty')})
        GROUP BY kind, series, bucket)
      USING (kind, series, bucket)
      WHERE NOT hasAll(seen, tokens)`);
    const byChunk = new Map<number, { kind: string; series: string; bucket: number }[]>();
    for (const d of dirty) {
      const bucket = Number(d.bucket), lo = Math.floor(bucket / CHUNK_MS[res]!) * CHUNK_MS[res]!;
      let list = byChunk.get(lo);
      if (list === undefined) byChunk.set(lo, (list = []));
      list.push({ kind: d.kind, series: d.sk, bucket });
    }
    for (const [lo, list] of byChunk) written += await this.rollUp(shard, res, lo, lo + CHUNK_MS[res]!, list);
    await shard.exec(sql`INSERT INTO ${this.t('rollup_state')} VALUES (${res}, ${until}, ${Date.now()})`);
    return written;
  }

  /**
   * Rolls up the given buckets of [lo, hi): reads their dirty marks first, then their raw
   * profiles into rollup values, then writes their headers (what makes them readable).
   */
  private async rollUp(shard: ClickHouseHttp, res: number, lo: number, hi: number, buckets: readonly { kind: string; series: string; bucket: number }[]): Promise<number> {
    if (buckets.length === 0) return 0;
    const gen = generation();
    const settings = { max_query_size: 64 << 20 };
    const keys = inSet(buckets.map((b) => raw(`(${sql`${b.kind}`.text}, ${b.series}, ${b.bucket})`)));
    const inBuckets = sql`(kind, series, intDiv(time_ms, ${res}) * ${res}) IN ${keys}`;
    type Marks = { kind: string; sk: string; bucket: string; tokens: string[] };
    const marks = await shard.rows<Marks>(sql`SELECT kind, toString(series) AS sk, bucket, groupArray(toString(token)) AS tokens
      FROM ${this.t('rollup_dirty')} WHERE res = ${res} AND bucket >= ${lo} AND bucket < ${hi} AND (kind, series, bucket) IN ${keys}
      GROUP BY kind, series, bucket`, settings);
    const seen = marks.length === 0 ? raw('emptyArrayUInt64()')
      : raw(`multiIf(${marks.map((m) => `kind = ${sql`${m.kind}`.text} AND series = ${m.sk} AND bucket = ${m.bucket}, [${m.tokens.join(', ')}]`).join(', ')}, emptyArrayUInt64())`);
    // Every profile of the buckets with the time it stands for its series: the next profile of its
    // stream may lie after the chunk, up to the longest interval of the chunk's profiles.
    const covers = sql`SELECT series, t AS time_ms, pid AS id, cover FROM (
        SELECT series, arraySort(groupArray((time_ms, id, interval_ms))) AS ps FROM ${this.t('profiles')}
        WHERE time_ms >= ${lo} AND time_ms < ${hi} + (SELECT max(interval_ms) FROM ${this.t('profiles')} WHERE time_ms >= ${lo} AND time_ms < ${hi})
        GROUP BY kind, series, type_names, type_units)
      ARRAY JOIN arrayMap(p -> p.1, ps) AS t, arrayMap(p -> p.2, ps) AS pid,
        arrayMap((p, i) -> if(i < length(ps), least(p.3, ps[i + 1].1 - p.1), p.3), ps, arrayEnumerate(ps)) AS cover
      WHERE t < ${hi}`;
    // Each profile once per sample type: with its values for the rollup values, without for the headers.
    const typed = sql`SELECT kind, series, time_ms, type, col, sample_stacks, sample_labels, cover FROM (
        SELECT kind, series, time_ms, id, type_names, sample_values, sample_stacks, sample_labels
        FROM ${this.t('profiles')} WHERE time_ms >= ${lo} AND time_ms < ${hi} AND ${inBuckets})
      ANY INNER JOIN (${covers}) USING (series, time_ms, id)
      ARRAY JOIN type_names AS type, sample_values AS col`;
    const typedHeaders = sql`SELECT kind, series, time_ms, label_names, label_values, type, cover FROM (
        SELECT kind, series, time_ms, id, label_names, label_values, type_names
        FROM ${this.t('profiles')} WHERE time_ms >= ${lo} AND time_ms < ${hi} AND ${inBuckets})
      ANY INNER JOIN (${covers}) USING (series, time_ms, id)
      ARRAY JOIN type_names AS type`;
    await shard.exec(sql`INSERT INTO ${this.t('rollup_values')}
      SELECT toDate(toUInt16(intDiv(bucket, ${DAY_MS}))) AS day, kind, type, series, ${res} AS res, intDiv(time_ms, ${res}) * ${res} AS bucket,
        ${gen} AS gen, stack, lset AS labels, sum(x) AS value, sum(toFloat64(x) * cover) AS weighted
      FROM (${typed}) ARRAY JOIN sample_stacks AS stack, sample_labels AS lset, col AS x
      GROUP BY kind, type, series, bucket, stack, labels`, settings);
    // Spans the bucket's profiles stand for, sorted, touching ones merged (a span of 0 ms stands for nothing).
    await shard.exec(sql`INSERT INTO ${this.t('rollup_buckets')}
      SELECT day, kind, type, series, ${res} AS res, bucket, ${gen} AS gen, names, lvalues, profiles,
        arrayMap(x -> x.1, arrayFilter((x, i) -> i = 1 OR s[i - 1].2 != x.1, s, arrayEnumerate(s))) AS span_starts,
        arrayMap(x -> x.2, arrayFilter((x, i) -> i = length(s) OR s[i + 1].1 != x.2, s, arrayEnumerate(s))) AS span_ends,
        ${seen} AS seen
      FROM (
        SELECT toDate(toUInt16(intDiv(bucket, ${DAY_MS}))) AS day, kind, type, series, bucket, any(label_names) AS names,
          any(label_values) AS lvalues, toUInt32(count()) AS profiles,
          arrayFilter(x -> x.2 > x.1, arraySort(groupArray((time_ms, time_ms + cover)))) AS s
        FROM (SELECT kind, series, time_ms, label_names, label_values, type, cover, intDiv(time_ms, ${res}) * ${res} AS bucket FROM (${typedHeaders}))
        GROUP BY kind, type, series, bucket)`, settings);
    return buckets.length;
  }
}
