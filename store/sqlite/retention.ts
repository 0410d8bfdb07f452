import type Database from 'better-sqlite3';
import type { RetentionCutoffs } from '../profile-store.js';
import type { Dictionary } from './dictionary.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { HOUR_MS, MINUTE_MS } from '../window-rules.js';
import { forEachRow } from './sample-blob.js';
import type { SeriesIndex } from './series-index.js';

/** What a retention pass deleted, before the space is returned. */
export interface RetentionDeletes {
  profiles: number;
  stacks: number;
  locations: number;
  functions: number;
  mappings: number;
  strings: number;
  series: number;
  labelSets: number;
}

const CHUNK = 10_000;

function deleteIds(db: Database.Database, table: string, ids: number[]): void {
  const stmt = db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`);
  for (let i = 0; i < ids.length; i += CHUNK) stmt.run(JSON.stringify(ids.slice(i, i + CHUNK)));
}

/**
 * Deletes what is older than each tier's cutoff — raw profiles, MemStats and the dirty marks
 * of rollups whose profiles are gone at `rawMs`, minute rollups at `minuteMs`, hour rollups
 * and deploy markers at `hourMs` — then collects
 * (mark and sweep over the remaining sample blobs) the stacks, locations, functions, mappings,
 * strings, label sets and series nothing refers to any more, in one transaction; the in-memory
 * caches drop them only once it committed.
 */
export function deleteOld(
  db: Database.Database, dict: Dictionary, seriesIndex: SeriesIndex, labelSets: LabelSetDictionary, cutoffs: RetentionCutoffs,
): RetentionDeletes {
  let result: RetentionDeletes | undefined;
  let dead: { stacks: number[]; locations: number[]; functions: number[]; mappings: number[]; strings: number[]; series: number[]; labelSets: number[] } | undefined;
  db.transaction(() => {
    const profiles = db.prepare('DELETE FROM profiles WHERE time_ms < ?').run(cutoffs.rawMs).changes;
    // A bucket whose profiles are gone cannot be rolled up again: its rollup, if any, stays as it is.
    db.prepare('DELETE FROM rollup_dirty WHERE bucket_ms < ?').run(cutoffs.rawMs);
    db.prepare('DELETE FROM rollups WHERE resolution_ms = ? AND bucket_ms < ?').run(MINUTE_MS, cutoffs.minuteMs);
    db.prepare('DELETE FROM rollups WHERE resolution_ms = ? AND bucket_ms < ?').run(HOUR_MS, cutoffs.hourMs);
    db.prepare('DELETE FROM memstats WHERE time_ms < ?').run(cutoffs.rawMs);
    db.prepare('DELETE FROM deploys WHERE time_ms < ?').run(cutoffs.hourMs);
    db.prepare('DELETE FROM target_health WHERE at_ms < ?').run(cutoffs.rawMs);

    const liveStacks = new Uint8Array(dict.stackCapacity);
    const liveLabelSets = new Set<number>();
    const mark = (id: number, labelSet: number) => {
      liveStacks[id] = 1;
      if (labelSet !== 0) liveLabelSets.add(labelSet);
    };
    for (const blob of db.prepare('SELECT samples FROM profiles').pluck().iterate() as IterableIterator<Uint8Array>) forEachRow(blob, mark);
    for (const blob of db.prepare('SELECT samples FROM rollups').pluck().iterate() as IterableIterator<Uint8Array>) forEachRow(blob, mark);

    const liveLocations = new Uint8Array(dict.locations.length + 1);
    const stacks: number[] = [];
    dict.stacks.forEach((locs, id) => {
      if (liveStacks[id] === 1) for (const l of locs) liveLocations[l] = 1;
      else stacks.push(id);
    });
    const liveFunctions = new Uint8Array(dict.functions.length + 1);
    const liveMappings = new Uint8Array(dict.mappings.length + 1);
    const locations: number[] = [];
    dict.locations.forEach((loc, id) => {
      if (loc === undefined) return;
      if (liveLocations[id] !== 1) { locations.push(id); return; }
      liveMappings[loc.mapping] = 1;
      for (let j = 0; j < loc.lines.length; j += 3) liveFunctions[loc.lines[j]!] = 1;
    });
    const liveStrings = new Uint8Array(dict.strings.length + 1);
    liveStrings[0] = 1;
    const functions: number[] = [];
    dict.functions.forEach((f, id) => {
      if (f === undefined) return;
      if (liveFunctions[id] !== 1) { functions.push(id); return; }
      liveStrings[f.nameId] = 1; liveStrings[f.systemNameId] = 1; liveStrings[f.filenameId] = 1;
    });
    const mappings: number[] = [];
    dict.mappings.forEach((m, id) => {
      if (m === undefined) return;
      if (liveMappings[id] !== 1) { mappings.push(id); return; }
      liveStrings[m.filenameId] = 1; liveStrings[m.buildIdId] = 1;
    });
    const strings: number[] = [];
    dict.strings.forEach((s, id) => { if (s !== undefined && liveStrings[id] !== 1) strings.push(id); });
    const series = db.prepare(`SELECT id FROM series WHERE id NOT IN (SELECT series FROM profiles)
      AND id NOT IN (SELECT series FROM rollups)`).pluck().all() as number[];

    deleteIds(db, 'stacks', stacks);
    deleteIds(db, 'locations', locations);
    deleteIds(db, 'functions', functions);
    deleteIds(db, 'mappings', mappings);
    deleteIds(db, 'strings', strings);
    deleteIds(db, 'series', series);
    const deadLabelSets = labelSets.allIds().filter((id) => !liveLabelSets.has(id));
    labelSets.delete(deadLabelSets);
    dead = { stacks, locations, functions, mappings, strings, series, labelSets: deadLabelSets };
    result = {
      profiles, stacks: stacks.length, locations: locations.length, functions: functions.length,
      mappings: mappings.length, strings: strings.length, series: series.length, labelSets: deadLabelSets.length,
    };
  })();
  dict.drop('stacks', dead!.stacks);
  dict.drop('locations', dead!.locations);
  dict.drop('functions', dead!.functions);
  dict.drop('mappings', dead!.mappings);
  dict.drop('strings', dead!.strings);
  seriesIndex.drop(dead!.series);
  labelSets.drop(dead!.labelSets);
  return result!;
}

/** Returns free pages to the file system: incremental vacuum, then a truncating checkpoint. */
export function returnSpace(db: Database.Database): void {
  db.pragma('incremental_vacuum');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
