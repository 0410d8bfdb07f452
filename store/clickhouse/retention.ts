import { retentionCutoffs } from '../profile-store.js';
import type { RetentionCutoffs, RetentionResult } from '../profile-store.js';
import { HOUR_MS, MINUTE_MS } from '../window-rules.js';
import { localTable } from './schema.js';
import type { Topology } from './schema.js';
import { raw, sql } from './sql.js';

const DAY_MS = 86_400_000;

/** Bytes of the database's active parts on every server. */
export async function sizeBytes(topology: Topology): Promise<number> {
  let total = 0;
  for (const shard of topology.shards) {
    const [row] = await shard.rows<{ b: string }>(sql`SELECT sum(bytes_on_disk) AS b FROM system.parts WHERE database = ${topology.database} AND active`);
    total += Number(row?.b ?? 0);
  }
  return total;
}

/** Day-partitioned tables by the tier they expire with. */
const RAW_TABLES = ['profiles', 'rollup_dirty', 'memstats', 'target_health'] as const;
/** Symbols and label sets stay as long as the longest tier (hour rollups refer to them), as do deploy markers. */
const HOUR_TABLES = ['functions', 'mappings', 'locations', 'stacks', 'label_sets', 'deploys'] as const;
/** Tables partitioned by (res, day). */
const ROLLUP_TABLES = ['rollup_values', 'rollup_buckets'] as const;

/** The day (`YYYY-MM-DD`) whose start is the last whole-day boundary at or before `ms`: days before it ended before `ms`. */
function dayOf(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Retention without TTL (ClickHouse 18.16 has none): drops every day partition whose day ended
 * before its tier's cutoff — profiles, dirty marks, MemStats and health at `rawMs`; minute
 * rollups at `minuteMs` and hour rollups at `hourMs` (rollup tables are partitioned by
 * resolution and day); symbols, label sets and deploy markers at `hourMs`. A number is every
 * tier at that time. Whole days go at once, so up to a day more than the retention stays.
 */
export async function retain(topology: Topology, before: number | RetentionCutoffs): Promise<RetentionResult> {
  const cutoffs = retentionCutoffs(before);
  const size = await sizeBytes(topology);
  const rawDay = dayOf(cutoffs.rawMs), hourDay = dayOf(cutoffs.hourMs);
  const rollupDays = new Map([[MINUTE_MS, dayOf(cutoffs.minuteMs)], [HOUR_MS, hourDay]]);
  let deletedProfiles = 0, deletedStacks = 0, deletedLabelSets = 0;
  const onlyBefore = (name: string) => sql`(SELECT uniqExact(id) FROM ${localTable(topology, name)} WHERE day < toDate(${hourDay})
    AND id NOT IN (SELECT id FROM ${localTable(topology, name)} WHERE day >= toDate(${hourDay})))`;
  for (const shard of topology.shards) {
    const counts = await shard.rows<{ p: string; s: string; l: string }>(sql`SELECT
      (SELECT count() FROM ${localTable(topology, 'profiles')} WHERE day < toDate(${rawDay})) AS p,
      ${onlyBefore('stacks')} AS s, ${onlyBefore('label_sets')} AS l`);
    deletedProfiles += Number(counts[0]?.p ?? 0);
    deletedStacks += Number(counts[0]?.s ?? 0);
    deletedLabelSets += Number(counts[0]?.l ?? 0);
    const dropDays = async (names: readonly string[], cutoff: string) => {
      for (const name of names) {
        const local = localTable(topology, name);
        const parts = await shard.rows<{ partition: string }>(sql`SELECT DISTINCT partition FROM system.parts
          WHERE database = ${topology.database} AND table = ${local.text.slice(1, -1)} AND active AND partition < ${cutoff}`);
        for (const p of parts) await shard.exec(sql`ALTER TABLE ${local} DROP PARTITION ${p.partition}`);
      }
    };
    await dropDays(RAW_TABLES, rawDay);
    await dropDays(HOUR_TABLES, hourDay);
    for (const name of ROLLUP_TABLES) {
      const local = localTable(topology, name);
      for (const [res, cutoff] of rollupDays) {
        const days = await shard.rows<{ d: string }>(sql`SELECT DISTINCT toString(day) AS d FROM ${local}
          WHERE res = ${res} AND day < toDate(${cutoff})`);
        for (const { d } of days) await shard.exec(sql`ALTER TABLE ${local} DROP PARTITION (${raw(String(res))}, ${d})`);
      }
    }
  }
  return { deletedProfiles, deletedStacks, deletedLabelSets, freedBytes: Math.max(0, size - (await sizeBytes(topology))) };
}
