import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { stacksFromProfiles } from '../query/from-profile.js';
import { tagBreakdown } from '../query/tags.js';
import { top } from '../query/top.js';
import { windowProfile, windowStacks } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { fixture } from './support/fixtures.js';
import { loadFixture, tempDir } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1);

test('a database of schema 2 opens, answers as before with no sample labels, and keeps the labels of new profiles', async () => {
  // Written by flamewatch before sample labels were kept: three labelled CPU profiles (their
  // labels dropped) and a heap profile, rolled up (see test/fixtures/store-v2.mjs).
  const dir = tempDir();
  const path = join(dir, 'old.db');
  writeFileSync(path, gunzipSync(readFileSync(fixture('store-v2.db.gz'))));
  let stores = openSqliteStore(path);
  try {
    const cpu = loadFixture('hotspots-labels.cpu.pb.gz');
    const q = { selector: '{service="old"}', type: 'cpu', fromMs: T0, toMs: T0 + 3_600_000 };
    const old = top(stacksFromProfiles([cpu, cpu, cpu], { sampleIndex: 'cpu' }));
    for (const rollups of [true, false]) {
      stores.profiles.useRollups = rollups;
      assert.deepEqual(top((await windowStacks(stores.profiles, q)).stacks), old, `cpu, rollups ${rollups}`);
      assert.deepEqual(tagBreakdown([(await windowProfile(stores.profiles, q)).profile]).keys, [], 'old rows have no labels');
      assert.deepEqual(top((await windowStacks(stores.profiles, { ...q, type: 'alloc_space' })).stacks),
        top(stacksFromProfiles([loadFixture('hotspots-labels.heap.pb.gz')], { sampleIndex: 'alloc_space' })), 'heap');
    }

    stores.profiles.ingest({ profile: cpu, labels: { service: 'old', instance: 'a' }, timeMs: T0 + 30_000, intervalMs: 10_000 });
    stores.close();
    stores = openSqliteStore(path);
    assert.deepEqual(top((await windowStacks(stores.profiles, q)).stacks), top(stacksFromProfiles([cpu, cpu, cpu, cpu], { sampleIndex: 'cpu' })));
    assert.deepEqual(tagBreakdown([(await windowProfile(stores.profiles, q)).profile]).keys, tagBreakdown([cpu], 'cpu').keys,
      'the labels are those of the new profile');
    assert.deepEqual(stores.profiles.compact(T0 + 86_400_000), { minutes: 1, hours: 1 }, 'the bucket of the new profile is rolled up again');
    assert.deepEqual(top((await windowStacks(stores.profiles, q)).stacks), top(stacksFromProfiles([cpu, cpu, cpu, cpu], { sampleIndex: 'cpu' })));
    const retained = stores.profiles.retain(T0 + 20_000);
    assert.deepEqual([retained.deletedProfiles, retained.deletedLabelSets], [3, 0]);
  } finally {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
