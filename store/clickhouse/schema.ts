import { targetKey } from '../../codec/identity.js';
import type { Target } from '../../config/target.js';
import type { ClickHouseHttp } from './http-client.js';
import { RowBinary } from './row-binary.js';
import { identifier, raw, sql } from './sql.js';
import type { Sql } from './sql.js';

/**
 * The ClickHouse schema, for 18.16 and later (no TTL, no LowCardinality, no CODEC clauses).
 *
 * - Profiles: one row per stored profile with its series' labels (sorted names, values), its
 *   samples as parallel arrays (stack ids, label-set ids, and one array of values per sample
 *   type), so one INSERT stores a profile atomically and selectors filter the rows themselves.
 *   `series` is the content hash of the label set. Partitioned by day: retention drops days.
 * - Symbols, stacks and label sets: rows keyed by a content hash (content-hash.ts) that every
 *   writer computes alike, in ReplacingMergeTree tables partitioned by the day of the profiles
 *   that use them (a writer writes what a day's profiles use once for that day), so dropping a
 *   day drops its profiles, rollups and the symbols only they used.
 * - Rollups: per (kind, sample type, series, minute | hour bucket) the summed and the
 *   time-weighted values of every stack, written by compaction (rollups.ts).
 * - Targets, health, deploy markers, MemStats and other producers' types, so every replica
 *   reads the same.
 *
 * On a cluster every table is a local table `<name>_local` on each shard under a Distributed
 * table `<name>` sharded by series (profiles, rollups) or by its key; the tables a
 * shard keeps for itself (its migrations and compaction state) are local only.
 */
export interface TableSpec {
  name: string;
  columns: string;
  engine: string;
  /** Sharding key of the Distributed table; absent for tables each shard keeps for itself. */
  shardBy?: string;
}

const DAY_PARTITIONED = (engine: string, order: string) => `${engine} PARTITION BY day ORDER BY (${order})`;
/** Rollup tables: a partition per resolution and day, so that minute and hour rollups expire apart. */
const RES_DAY_PARTITIONED = (engine: string, order: string) => `${engine} PARTITION BY (res, day) ORDER BY (${order})`;

export const TABLES: readonly TableSpec[] = [
  {
    name: 'profiles',
    columns: `day Date, series UInt64, kind String, time_ms Int64, id UInt64, label_names Array(String),
      label_values Array(String), duration_ns Int64, period Int64, period_type String, period_unit String,
      type_names Array(String), type_units Array(String), default_type String, totals Array(Float64),
      received_bytes UInt64, interval_ms Int64, content_hash String,
      sample_stacks Array(UInt64), sample_labels Array(UInt64), sample_values Array(Array(Int64))`,
    engine: DAY_PARTITIONED('MergeTree', 'kind, series, time_ms, id'),
    shardBy: 'series',
  },
  {
    name: 'functions',
    columns: 'day Date, id UInt64, name String, system_name String, filename String, start_line Int64',
    engine: DAY_PARTITIONED('ReplacingMergeTree', 'id'),
    shardBy: 'id',
  },
  {
    name: 'mappings',
    columns: `day Date, id UInt64, memory_start UInt64, memory_limit UInt64, file_offset UInt64, filename String,
      build_id String, flags UInt8, first_id UInt64, ord UInt32`,
    engine: DAY_PARTITIONED('ReplacingMergeTree', 'id'),
    shardBy: 'id',
  },
  {
    name: 'locations',
    columns: `day Date, id UInt64, mapping UInt64, address UInt64, folded UInt8,
      line_functions Array(UInt64), line_numbers Array(Int64), line_columns Array(Int64)`,
    engine: DAY_PARTITIONED('ReplacingMergeTree', 'id'),
    shardBy: 'id',
  },
  {
    name: 'stacks',
    columns: 'day Date, id UInt64, locations Array(UInt64), first_id UInt64, ord UInt32',
    engine: DAY_PARTITIONED('ReplacingMergeTree', 'id'),
    shardBy: 'id',
  },
  {
    name: 'label_sets',
    columns: 'day Date, id UInt64, keys Array(String), strs Array(String), nums Array(Float64), units Array(String)',
    engine: DAY_PARTITIONED('ReplacingMergeTree', 'id'),
    shardBy: 'id',
  },
  {
    name: 'other_types',
    columns: 'name String, sample_type String, unit String',
    engine: 'ReplacingMergeTree ORDER BY name',
    shardBy: 'cityHash64(name)',
  },
  {
    name: 'rollup_values',
    columns: `day Date, kind String, type String, series UInt64, res UInt32, bucket Int64, gen UInt64,
      stack UInt64, labels UInt64, value Int64, weighted Float64`,
    engine: RES_DAY_PARTITIONED('MergeTree', 'kind, type, series, res, bucket, gen, stack, labels'),
    shardBy: 'series',
  },
  {
    name: 'rollup_buckets',
    columns: `day Date, kind String, type String, series UInt64, res UInt32, bucket Int64, gen UInt64,
      label_names Array(String), label_values Array(String), profiles UInt32, span_starts Array(Int64), span_ends Array(Int64),
      seen Array(UInt64)`,
    engine: RES_DAY_PARTITIONED('MergeTree', 'kind, type, series, res, bucket, gen'),
    shardBy: 'series',
  },
  {
    name: 'rollup_dirty',
    columns: 'day Date, kind String, series UInt64, res UInt32, bucket Int64, token UInt64, marked_ms Int64',
    engine: DAY_PARTITIONED('MergeTree', 'kind, series, res, bucket'),
    shardBy: 'series',
  },
  {
    name: 'rollup_state',
    columns: 'res UInt32, until_ms Int64, at_ms Int64',
    engine: 'MergeTree ORDER BY res',
  },
  {
    name: 'targets',
    columns: 'id String, version UInt64, deleted UInt8, spec String, target_key String',
    engine: 'ReplacingMergeTree(version) ORDER BY id',
    shardBy: 'cityHash64(id)',
  },
  {
    name: 'target_health',
    columns: `day Date, target_id String, profile String, at_ms Int64, ok UInt8, duration_ms Float64, bytes Int64,
      error String, failures UInt32`,
    engine: DAY_PARTITIONED('ReplacingMergeTree(at_ms)', 'target_id, profile'),
    shardBy: 'cityHash64(target_id)',
  },
  {
    name: 'deploys',
    columns: `day Date, time_ms Int64, id UInt64, target_id String, service String, reason String,
      before_names Array(String), before_values Array(String), after_names Array(String), after_values Array(String)`,
    engine: DAY_PARTITIONED('MergeTree', 'time_ms, id'),
    shardBy: 'cityHash64(target_id)',
  },
  {
    name: 'memstats',
    columns: `day Date, time_ms Int64, id UInt64, target_id String, service String, label_names Array(String),
      label_values Array(String), fields Array(String), field_values Array(Float64)`,
    engine: DAY_PARTITIONED('MergeTree', 'time_ms, id'),
    shardBy: 'cityHash64(target_id)',
  },
];

/** A schema version: the tables it creates, or a step run on each server (the tables of every earlier version exist). */
export type Migration = readonly string[] | ((server: ClickHouseHttp, topology: Topology) => Promise<void>);

/** Schema versions; append new ones, never edit applied ones. */
export const MIGRATIONS: readonly Migration[] = [
  TABLES.map((t) => t.name),
  // Targets carry their identity key (codec/identity.ts targetKey) in target_key, so a duplicate is found by it.
  (server, topology) => addTargetKeys(server, topology),
];

/** Adds `column` (`name Type`) to a table of a server unless it has it (18.16 has no ADD COLUMN IF NOT EXISTS). */
async function addColumn(server: ClickHouseHttp, database: string, tableName: Sql, column: string): Promise<void> {
  const name = column.slice(0, column.indexOf(' '));
  const has = async () => Number((await server.rows<{ n: string }>(sql`SELECT count() AS n FROM system.columns
    WHERE database = ${database} AND table = ${tableName.text.slice(1, -1)} AND name = ${name}`))[0]?.n ?? 0) > 0;
  if (await has()) return;
  try {
    await server.exec(raw(`ALTER TABLE ${tableName.text} ADD COLUMN ${column}`));
  } catch (err) {
    // Another process migrating at the same time added it first.
    if (!await has()) throw err;
  }
}

/**
 * Migration 2: the `target_key` column of targets, and the key of every live target written before it
 * (a new version of the row, the same spec: the key's fields are stored in clear).
 */
async function addTargetKeys(server: ClickHouseHttp, topology: Topology): Promise<void> {
  const local = localTable(topology, 'targets');
  await addColumn(server, topology.database, local, "target_key String DEFAULT ''");
  if (topology.cluster !== undefined) await addColumn(server, topology.database, identifier('targets'), "target_key String DEFAULT ''");
  const rows = await server.rows<{ id: string; spec: string; v: string }>(sql`SELECT id, spec, toString(v) AS v FROM (
      SELECT id, argMax(spec, version) AS spec, max(version) AS v, argMax(deleted, version) AS gone, argMax(target_key, version) AS k
      FROM ${local} GROUP BY id)
    WHERE gone = 0 AND k = ''`);
  if (rows.length === 0) return;
  const out = new RowBinary(256 * rows.length);
  for (const r of rows) out.string(r.id).u64(BigInt(r.v) + 1n).u8(0).string(r.spec).string(targetKey(JSON.parse(r.spec) as Target));
  await server.insert(local, 'RowBinary', out.bytes());
}

/** Where the tables are: one server, or the shards of a cluster of `remote_servers`. */
export interface Topology {
  database: string;
  /** Name of the cluster in `remote_servers`; absent on a single server. */
  cluster?: string;
  /** The servers, each with `database` as its default: every shard of the cluster, or the one server. */
  shards: readonly ClickHouseHttp[];
  /** Server before the database exists (to create it), one per shard. */
  admins: readonly ClickHouseHttp[];
}

/** Name of the table a shard holds itself: `<name>_local` on a cluster, `<name>` on one server. */
export function localTable(topology: Pick<Topology, 'cluster'>, name: string): Sql {
  const spec = TABLES.find((t) => t.name === name);
  return identifier(topology.cluster !== undefined && spec?.shardBy !== undefined ? `${name}_local` : name);
}

/** Name of the table every query reads and every insert writes: the Distributed one on a cluster. */
export function table(name: string): Sql {
  return identifier(name);
}

async function appliedVersion(server: ClickHouseHttp): Promise<number> {
  const rows = await server.rows<{ v: number }>(sql`SELECT max(version) AS v FROM schema_migrations`);
  return Number(rows[0]?.v ?? 0);
}

/**
 * Creates the database and the tables missing on every server, then records the version. Safe
 * to run from several processes at once (every statement is IF NOT EXISTS).
 */
export async function migrate(topology: Topology): Promise<void> {
  const db = identifier(topology.database);
  for (let s = 0; s < topology.shards.length; s++) {
    const admin = topology.admins[s]!, server = topology.shards[s]!;
    await admin.exec(sql`CREATE DATABASE IF NOT EXISTS ${db}`);
    await server.exec(raw('CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, applied_ms Int64) ENGINE = MergeTree ORDER BY version'));
    const applied = await appliedVersion(server);
    for (let v = applied; v < MIGRATIONS.length; v++) {
      const migration = MIGRATIONS[v]!;
      if (typeof migration === 'function') await migration(server, topology);
      else for (const name of migration) {
        const spec = TABLES.find((t) => t.name === name)!;
        const local = localTable(topology, name);
        await server.exec(raw(`CREATE TABLE IF NOT EXISTS ${local.text} (${spec.columns}) ENGINE = ${spec.engine}`));
        if (topology.cluster !== undefined && spec.shardBy !== undefined) {
          await server.exec(raw(`CREATE TABLE IF NOT EXISTS ${identifier(name).text} AS ${local.text}
            ENGINE = Distributed(${identifier(topology.cluster).text}, ${db.text}, ${local.text}, ${spec.shardBy})`));
        }
      }
      await server.exec(sql`INSERT INTO schema_migrations VALUES (${v + 1}, ${Date.now()})`);
    }
  }
}
