import type Database from 'better-sqlite3';

/**
 * The schema as an ordered list of migrations; `PRAGMA user_version` counts the ones applied.
 * Append new entries, never edit applied ones.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE strings (id INTEGER PRIMARY KEY, s TEXT NOT NULL);
  CREATE TABLE functions (
    id INTEGER PRIMARY KEY, name INTEGER NOT NULL, system_name INTEGER NOT NULL,
    filename INTEGER NOT NULL, start_line INTEGER NOT NULL);
  CREATE TABLE mappings (
    id INTEGER PRIMARY KEY, memory_start INTEGER NOT NULL, memory_limit INTEGER NOT NULL,
    file_offset INTEGER NOT NULL, filename INTEGER NOT NULL, build_id INTEGER NOT NULL, flags INTEGER NOT NULL);
  CREATE TABLE locations (
    id INTEGER PRIMARY KEY, mapping INTEGER NOT NULL, address INTEGER NOT NULL,
    folded INTEGER NOT NULL, lines BLOB NOT NULL);
  CREATE TABLE stacks (id INTEGER PRIMARY KEY, locations BLOB NOT NULL);
  CREATE TABLE series (id INTEGER PRIMARY KEY, labels TEXT NOT NULL UNIQUE);
  CREATE TABLE profiles (
    id INTEGER PRIMARY KEY, series INTEGER NOT NULL, kind TEXT NOT NULL, time_ms INTEGER NOT NULL,
    duration_ns INTEGER NOT NULL, period INTEGER NOT NULL, period_type TEXT NOT NULL,
    sample_types TEXT NOT NULL, default_type TEXT NOT NULL, totals TEXT NOT NULL,
    received_bytes INTEGER NOT NULL, samples BLOB NOT NULL);
  CREATE INDEX profiles_by_series ON profiles(series, kind, time_ms);
  CREATE INDEX profiles_by_time ON profiles(time_ms);
  CREATE TABLE rollups (
    id INTEGER PRIMARY KEY, series INTEGER NOT NULL, kind TEXT NOT NULL, resolution_ms INTEGER NOT NULL,
    bucket_ms INTEGER NOT NULL, profiles INTEGER NOT NULL, sample_types TEXT NOT NULL, samples BLOB NOT NULL,
    UNIQUE (series, kind, resolution_ms, bucket_ms));
  CREATE INDEX rollups_by_bucket ON rollups(bucket_ms);
  CREATE TABLE rollup_state (resolution_ms INTEGER PRIMARY KEY, compacted_until_ms INTEGER NOT NULL);
  CREATE TABLE rollup_dirty (
    series INTEGER NOT NULL, kind TEXT NOT NULL, resolution_ms INTEGER NOT NULL, bucket_ms INTEGER NOT NULL,
    PRIMARY KEY (series, kind, resolution_ms, bucket_ms)) WITHOUT ROWID;
  CREATE TABLE targets (id TEXT PRIMARY KEY, spec TEXT NOT NULL);
  CREATE TABLE deploys (
    id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, target_id TEXT NOT NULL, service TEXT NOT NULL,
    reason TEXT NOT NULL, labels_before TEXT NOT NULL, labels_after TEXT NOT NULL);
  CREATE INDEX deploys_by_time ON deploys(time_ms);
  CREATE TABLE memstats (
    id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, target_id TEXT NOT NULL, service TEXT NOT NULL,
    labels TEXT NOT NULL, fields TEXT NOT NULL);
  CREATE INDEX memstats_by_time ON memstats(time_ms);
  `,
  // Time-weighted snapshot means, idempotent pushes and the sample types of other producers.
  // interval_ms: the longest a profile stands for its series (15000 was the default scrape
  // interval when this was written); cover_ms: how long it does stand for it, until the next
  // profile of the same series, kind and sample types. Rollups gain the cover-weighted sums
  // and the spans they cover, so every rollup is dropped and compacted again.
  `
  ALTER TABLE profiles ADD COLUMN interval_ms INTEGER NOT NULL DEFAULT 15000;
  ALTER TABLE profiles ADD COLUMN cover_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE profiles ADD COLUMN content_hash TEXT;
  UPDATE profiles SET interval_ms = duration_ns / 1000000 WHERE duration_ns >= 1000000;
  UPDATE profiles SET cover_ms = MIN(profiles.interval_ms, COALESCE(n.next_ms - profiles.time_ms, profiles.interval_ms))
    FROM (SELECT id, LEAD(time_ms) OVER (PARTITION BY series, kind, sample_types ORDER BY time_ms, id) AS next_ms FROM profiles) AS n
    WHERE n.id = profiles.id;
  CREATE UNIQUE INDEX profiles_by_content ON profiles(series, kind, time_ms, content_hash) WHERE content_hash IS NOT NULL;
  DELETE FROM rollups;
  DELETE FROM rollup_state;
  DELETE FROM rollup_dirty;
  ALTER TABLE rollups ADD COLUMN weighted BLOB NOT NULL DEFAULT x'';
  ALTER TABLE rollups ADD COLUMN spans TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE other_types (name TEXT PRIMARY KEY, sample_type TEXT NOT NULL, unit TEXT NOT NULL);
  `,
  // Sample labels: de-duplicated label sets (hash: store/label-sets.ts labelSetHash of the
  // canonical key in labels), referred to by the rows of sample blobs (a blob flag says the
  // rows carry label set ids; older blobs read as unlabelled), and per profile the totals of
  // each label set's rows (a packed blob of (label set id, totals), NULL when it has no labels).
  `
  CREATE TABLE label_sets (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, labels TEXT NOT NULL);
  ALTER TABLE profiles ADD COLUMN label_totals BLOB;
  `,
  // The latest scrape outcome of each (target, profile), so every reader of the database sees the health of every target.
  `
  CREATE TABLE target_health (
    target_id TEXT NOT NULL, profile TEXT NOT NULL, ok INTEGER NOT NULL, at_ms INTEGER NOT NULL, duration_ms REAL NOT NULL,
    bytes INTEGER, error TEXT, failures INTEGER NOT NULL, PRIMARY KEY (target_id, profile)) WITHOUT ROWID;
  `,
  // A window's header (count, summed duration, first time, period of its raw profiles) read
  // from an index alone: each profile's row is a page or more, so reading 86,400 of them for a
  // rolled-up day took most of the query. The index replaces profiles_by_series, its prefix.
  `
  CREATE INDEX profiles_by_series_window ON profiles(series, kind, time_ms, duration_ns, period);
  DROP INDEX profiles_by_series;
  `,
  // A packed snapshot of the stacks (store/sqlite/stack-snapshot.ts), so that opening reads a few
  // rows instead of one per stack. The stacks rows stay the source of truth: any change to a row
  // the stamp covers deletes the stamp, and the snapshot is then ignored until written again.
  // A database of an earlier version has no snapshot: it is read row by row once, then written.
  `
  CREATE TABLE stack_chunks (first_id INTEGER PRIMARY KEY, last_id INTEGER NOT NULL, crc INTEGER NOT NULL, packed BLOB NOT NULL);
  CREATE TABLE stack_snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1), max_id INTEGER NOT NULL, stacks INTEGER NOT NULL, ids INTEGER NOT NULL);
  CREATE TRIGGER stacks_deleted_under_snapshot AFTER DELETE ON stacks
    WHEN OLD.id <= (SELECT max_id FROM stack_snapshot) BEGIN DELETE FROM stack_snapshot; END;
  CREATE TRIGGER stacks_inserted_under_snapshot AFTER INSERT ON stacks
    WHEN NEW.id <= (SELECT max_id FROM stack_snapshot) BEGIN DELETE FROM stack_snapshot; END;
  CREATE TRIGGER stacks_updated_under_snapshot AFTER UPDATE ON stacks
    WHEN OLD.id <= (SELECT max_id FROM stack_snapshot) OR NEW.id <= (SELECT max_id FROM stack_snapshot)
    BEGIN DELETE FROM stack_snapshot; END;
  `,
];

/** Applies the migrations not yet applied, each in its own transaction. */
export function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let v = applied; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
