import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile } from '../codec/decode.js';
import type { Profile } from '../codec/profile.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { median, rng } from './measure.js';

/**
 * The stack dictionary at scale: a store is filled with profiles whose every sample has a stack
 * never seen before (depth 12–27 over the real locations of gobench-regexp.cpu.pb.gz), then a
 * fresh process opens it: time to open and RSS once open, at 100,000 and 1,000,000 stacks.
 */

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const SAMPLES = 10_000;
const T0 = Date.UTC(2026, 0, 1);

/** A profile of `SAMPLES` samples, each with a random stack (new with near certainty). */
function distinctStacks(base: Profile, seed: number): Profile {
  const r = rng(seed);
  const offsets = new Uint32Array(SAMPLES + 1), locs: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const depth = 12 + Math.floor(r() * 16);
    for (let d = 0; d < depth; d++) locs.push(Math.floor(r() * base.locations.length));
    offsets[i + 1] = locs.length;
  }
  const width = base.sampleTypes.length;
  const values = new Float64Array(SAMPLES * width).map(() => 1 + Math.floor(r() * 100));
  const none = { offsets: new Uint32Array(SAMPLES + 1), key: new Uint32Array(0), str: new Uint32Array(0), num: new Float64Array(0), numUnit: new Uint32Array(0) };
  return { ...base, samples: { count: SAMPLES, stackOffsets: offsets, locations: Uint32Array.from(locs), values, labels: none } };
}

/** In a child process: opens the store, prints the time it took and the RSS after a GC. */
export function openAndMeasure(path: string): void {
  const start = process.hrtime.bigint();
  const stores = openSqliteStore(path);
  const openMs = Number(process.hrtime.bigint() - start) / 1e6;
  (globalThis as { gc?: () => void }).gc?.();
  console.log(JSON.stringify({ openMs, rssMb: process.memoryUsage().rss / 2 ** 20 }));
  stores.close();
}

function measureOpen(script: string, path: string): { openMs: number; rssMb: number } {
  const runs = Array.from({ length: 3 }, () => {
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
      stores.profiles.ingest({ profile: distinctStacks(base, stored + 1), labels: { service: 'stacks' }, timeMs: T0 + stored });
    }
    const ingestS = Number(process.hrtime.bigint() - start) / 1e9;
    stores.close();
    const { openMs, rssMb } = measureOpen(script, path);
    console.log(`  ${target.toLocaleString('en')} distinct stacks (filled in ${ingestS.toFixed(0)} s): opens in ${openMs.toFixed(0)} ms (goal <= 2 s), `
      + `RSS ${rssMb.toFixed(0)} MB once open, ${(rssMb - baseline.rssMb).toFixed(0)} MB over the empty store (goal <= 150 MB)`);
  }
}
