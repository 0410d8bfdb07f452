import type { RetentionResult } from '../profile-store.js';
import { localTable, TABLES } from './schema.js';
import type { Topology } from './schema.js';
import { sql } from './sql.js';

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

/**
 * Retention without TTL (ClickHouse 18.16 has none): drops every day partition — profiles,
 * rollups, dirty marks, symbols, deploy markers, MemStats and health of that day — whose day
 * ended before `beforeMs`. Whole days go at once, so up to a day more than the retention stays.
 */
export async function retain(topology: Topology, beforeMs: number): Promise<RetentionResult> {
  const before = await sizeBytes(topology);
  const cutoff = new Date(Math.floor(beforeMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const partitioned = TABLES.filter((t) => t.engine.includes('PARTITION BY day'));
  let deletedProfiles = 0, deletedStacks = 0, deletedLabelSets = 0;
  const onlyBefore = (name: string) => sql`(SELECT uniqExact(id) FROM ${localTable(topology, name)} WHERE day < toDate(${cutoff})
    AND id NOT IN (SELECT id FROM ${localTable(topology, name)} WHERE day >= toDate(${cutoff})))`;
  for (const shard of topology.shards) {
    const counts = await shard.rows<{ p: string; s: string; l: string }>(sql`SELECT
      (SELECT count() FROM ${localTable(topology, 'profiles')} WHERE day < toDate(${cutoff})) AS p,
      ${onlyBefore('stacks')} AS s, ${onlyBefore('label_sets')} AS l`);
    deletedProfiles += Number(counts[0]?.p ?? 0);
    deletedStacks += Number(counts[0]?.s ?? 0);
    deletedLabelSets += Number(counts[0]?.l ?? 0);
    for (const spec of partitioned) {
      const local = localTable(topology, spec.name);
      const parts = await shard.rows<{ partition: string }>(sql`SELECT DISTINCT partition FROM system.parts
        WHERE database = ${topology.database} AND table = ${local.text.slice(1, -1)} AND active AND partition < ${cutoff}`);
      for (const p of parts) await shard.exec(sql`ALTER TABLE ${local} DROP PARTITION ${p.partition}`);
    }
  }
  return { deletedProfiles, deletedStacks, deletedLabelSets, freedBytes: Math.max(0, before - (await sizeBytes(topology))) };
}
