import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { decodeProfile } from '../codec/decode.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { distinctStacks } from '../test/support/distinct-stacks.js';
import { median } from './measure.js';

/**
 * The stack dictionary at scale: a store is filled with profiles whose every sample has a stack
 * never seen before (depth 12–27 over the real locations of gobench-regexp.cpu.pb.gz), then a
 * fresh process opens it: time to open and RSS once open, at 100,000 and 1,000,000 stacks.
 */

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const SAMPLES = 10_000;
const T0 = Date.UTC(2026, 0, 1);

/**
 * In a child process: opens the store, prints the time it took and the RSS after a GC. It does
 * not close the store (closing writes the stacks' snapshot), so every run opens the same file.
 */
export function openAndMeasure(path: string): void {
  const start = process.hrtime.bigint();
  const stores = openSqliteStore(path);
  const openMs = Number(process.hrtime.bigint() - start) / 1e6;
  (globalThis as { gc?: () => void }).gc?.();
  console.log(JSON.stringify({ openMs, rssMb: process.memoryUsage().rss / 2 ** 20 }));
  // Still in use after the measure, so the collector kept it.
  if (stores.profiles.sizeBytes() === 0) console.error('an empty database file');
}

function measureOpen(script: string, path: string): { openMs: number; rssMb: number } {
  const runs = Array.from({ length: 5 }, () => {
    const child = spawnSync(process.execPath, ['--expose-gc', script, '--open', path], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`opening ${path} failed: ${child.stderr}`);
    return JSON.parse(child.stdout) as { openMs: number; rssMb: number };
  });
  return { openMs: median(runs.map((r) => r.openMs)), rssMb: median(runs.map((r) => r.rssMb)) };
}

export function benchStacks(dir: string, script: string): void {
  const base = decodeProfile(readFileSync(join(fixtures, 'gobench-regexp.cpu.pb.gz')));
  const path = join(dir, 'stacks.db');
  const empty = openSqliteStore(join(dir, 'empty.db'));
  empty.close();
  const baseline = measureOpen(script, join(dir, 'empty.db'));
  console.log(`stack dictionary: an empty store opens in ${baseline.openMs.toFixed(0)} ms at ${baseline.rssMb.toFixed(0)} MB RSS`);
  let stored = 0;
  for (const target of [100_000, 1_000_000]) {
    const stores = openSqliteStore(path);
    const start = process.hrtime.bigint();
    for (; stored < target; stored += SAMPLES) {
      stores.profiles.ingest({ profile: distinctStacks(base, stored + 1, SAMPLES), labels: { service: 'stacks' }, timeMs: T0 + stored });
    }
    const ingestS = Number(process.hrtime.bigint() - start) / 1e9;
    stores.close();
    const { openMs, rssMb } = measureOpen(script, path);
    console.log(`  ${target.toLocaleString('en')} distinct stacks (filled in ${ingestS.toFixed(0)} s): opens in ${openMs.toFixed(0)} ms (goal <= 2 s), `
      + `RSS ${rssMb.toFixed(0)} MB once open, ${(rssMb - baseline.rssMb).toFixed(0)} MB over the empty store (goal <= 150 MB)`);
  }
  // As a kill -9 leaves it: the stacks added since the last snapshot (fewer than stackSnapshotEvery) are read as rows.
  const crashed = openSqliteStore(path);
  for (const end = stored + 6 * SAMPLES; stored < end; stored += SAMPLES) {
    crashed.profiles.ingest({ profile: distinctStacks(base, stored + 1, SAMPLES), labels: { service: 'stacks' }, timeMs: T0 + stored });
  }
  const tail = measureOpen(script, path);
  console.log(`  ${stored.toLocaleString('en')} stacks, the last ${(6 * SAMPLES).toLocaleString('en')} after the snapshot (killed before writing the next): `
    + `opens in ${tail.openMs.toFixed(0)} ms, RSS ${tail.rssMb.toFixed(0)} MB`);
  crashed.close();
  // A database of the version before the snapshot, or whose snapshot was invalidated: every row is read.
  const db = new Database(path);
  db.exec('DELETE FROM stack_snapshot');
  db.close();
  const rows = measureOpen(script, path);
  console.log(`  ${stored.toLocaleString('en')} stacks without a snapshot (every row read, as before it existed): `
    + `opens in ${rows.openMs.toFixed(0)} ms, RSS ${rows.rssMb.toFixed(0)} MB`);

  // A fleet with deploys: each profile from a new build, its locations at new addresses.
  const deploys = join(dir, 'deploys.db');
  const fleet = openSqliteStore(deploys);
  for (let n = 0; n < 1_000_000; n += SAMPLES) {
    const profile = distinctStacks(base, n + 1, SAMPLES);
    const build = n / SAMPLES;
    fleet.profiles.ingest({
      profile: { ...profile, locations: profile.locations.map((l) => ({ ...l, address: l.address + build * 0x1000000 })) },
      labels: { service: 'stacks' }, timeMs: T0 + n,
    });
  }
  fleet.close();
  const builds = measureOpen(script, deploys);
  console.log(`  1,000,000 stacks from 100 builds (${(100 * base.locations.length).toLocaleString('en')} locations): `
    + `opens in ${builds.openMs.toFixed(0)} ms, RSS ${builds.rssMb.toFixed(0)} MB, ${(builds.rssMb - baseline.rssMb).toFixed(0)} MB over the empty store`);
}
