import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Profile } from '../codec/profile.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { distinctStacks } from './support/distinct-stacks.js';
import { loadFixture, tempDir } from './support/temp-store.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Distinct stacks of a profile, as sequences of its location indexes. */
function stackKeys(p: Profile): Set<string> {
  const keys = new Set<string>();
  const { count, stackOffsets, locations } = p.samples;
  for (let i = 0; i < count; i++) keys.add(locations.subarray(stackOffsets[i]!, stackOffsets[i + 1]!).join(','));
  return keys;
}

test('a reopened store finds every stack it had, before and after retention, and frees the stacks retention deletes', async () => {
  const dir = tempDir();
  const path = join(dir, 'stacks.db');
  // Snapshots written every 500 new stacks: the profiles below are read back from snapshots.
  const open = () => openSqliteStore(path, { rollupGraceMs: 0, stackSnapshotEvery: 500 });
  let stores: SqliteStores = open();
  const reopen = () => { stores.close(); stores = open(); };
  const few = loadFixture('hotspots.cpu.1.pb.gz');
  const many = loadFixture('gobench-regexp.cpu.pb.gz');
  const fresh = distinctStacks(many, 1, 2_000);
  const other = distinctStacks(many, 2, 2_000);
  const answers = async (service: string, profile: Profile, fromMs = T0) => {
    const q = { selector: `{service="${service}"}`, type: 'cpu', fromMs, toMs: T0 + 60 * MINUTE };
    stores.profiles.useRollups = false;
    for (const granularity of ['function', 'line'] as const) {
      assert.deepEqual(top((await windowStacks(stores.profiles, q, granularity)).stacks),
        top(stacksFromProfiles([profile], { sampleIndex: 'cpu', granularity })), `${service} by ${granularity}`);
    }
  };
  try {
    stores.profiles.ingest({ profile: few, labels: { service: 'few' }, timeMs: T0 });
    stores.profiles.ingest({ profile: many, labels: { service: 'many' }, timeMs: T0 + MINUTE });
    stores.profiles.ingest({ profile: fresh, labels: { service: 'fresh' }, timeMs: T0 + 2 * MINUTE });
    reopen();
    await answers('few', few);
    await answers('many', many);
    await answers('fresh', fresh);

    // The same profiles again: every stack is found, so when the older copies go, no stack dies with them.
    stores.profiles.ingest({ profile: few, labels: { service: 'few' }, timeMs: T0 + 3 * MINUTE });
    stores.profiles.ingest({ profile: many, labels: { service: 'many' }, timeMs: T0 + 4 * MINUTE });
    stores.profiles.ingest({ profile: fresh, labels: { service: 'fresh' }, timeMs: T0 + 5 * MINUTE });
    const again = stores.profiles.retain(T0 + 2 * MINUTE + 1);
    assert.deepEqual([again.deletedProfiles, again.deletedStacks], [3, 0]);
    reopen();
    await answers('few', few, T0 + 3 * MINUTE);
    await answers('many', many, T0 + 3 * MINUTE);
    await answers('fresh', fresh, T0 + 3 * MINUTE);

    // Retention deletes the stacks only `fresh` had; the reopened store answers for the others,
    // stores new stacks under new ids, and finds the rest.
    stores.profiles.ingest({ profile: few, labels: { service: 'few' }, timeMs: T0 + 6 * MINUTE });
    stores.profiles.ingest({ profile: many, labels: { service: 'many' }, timeMs: T0 + 7 * MINUTE });
    const freshOnly = [...stackKeys(fresh)].filter((k) => !stackKeys(many).has(k)).length;
    const collected = stores.profiles.retain(T0 + 5 * MINUTE + 1);
    assert.deepEqual([collected.deletedProfiles, collected.deletedStacks], [3, freshOnly], 'the stacks only fresh had are deleted');
    reopen();
    stores.profiles.ingest({ profile: other, labels: { service: 'other' }, timeMs: T0 + 8 * MINUTE });
    reopen();
    await answers('few', few, T0 + 6 * MINUTE);
    await answers('many', many, T0 + 6 * MINUTE);
    await answers('other', other);
    stores.profiles.ingest({ profile: many, labels: { service: 'many' }, timeMs: T0 + 9 * MINUTE });
    const kept = stores.profiles.retain(T0 + 7 * MINUTE + 1);
    assert.deepEqual([kept.deletedProfiles, kept.deletedStacks], [2, stackKeys(few).size], 'the stacks of few (another program) are the ones deleted');
  } finally {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
