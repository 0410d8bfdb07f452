import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { loadFixture, tempStore } from './support/temp-store.js';

test('an ingest that fails midway leaves neither rows nor cached ids behind', () => {
  const store = tempStore();
  try {
    const good = loadFixture('hotspots.cpu.1.pb.gz');
    store.profiles.ingest({ profile: good, labels: { service: 'api' }, timeMs: 1_000 });
    const before = store.profiles.dictionaryCounts();
    // New functions, locations, stacks and a new series are written, then packing the
    // samples fails on a non-integer value: the transaction rolls back.
    const bad = loadFixture('gobench-regexp.cpu.pb.gz');
    bad.samples.values[bad.samples.values.length - 1] = 0.5;
    assert.throws(() => store.profiles.ingest({ profile: bad, labels: { service: 'new' }, timeMs: 2_000 }), /not an integer/);
    assert.deepEqual(store.profiles.dictionaryCounts(), before);
    const rows = (table: string) => store.profiles.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    assert.equal(rows('stacks'), before.stacks);
    assert.equal(rows('profiles'), 1);
    assert.equal(rows('series'), 1);
    assert.deepEqual(store.profiles.labelValues('service', 0, 10_000), ['api']);

    // The same new code then ingests cleanly, and a reopened store agrees with the cache.
    const fixed = loadFixture('gobench-regexp.cpu.pb.gz');
    store.profiles.ingest({ profile: fixed, labels: { service: 'new' }, timeMs: 2_000 });
    const expected = top(stacksFromProfiles([good, fixed], { sampleIndex: 'cpu' }));
    const q = { selector: '', type: 'cpu', fromMs: 0, toMs: 10_000 };
    assert.deepEqual(top(store.profiles.windowStacks(q, 'function').stacks), expected);
    const counts = store.profiles.dictionaryCounts();
    store.close();
    const reopened = openSqliteStore(store.path);
    try {
      assert.deepEqual(reopened.profiles.dictionaryCounts(), counts);
      assert.deepEqual(top(reopened.profiles.windowStacks(q, 'function').stacks), expected);
    } finally {
      reopened.close();
    }
  } finally {
    store.dispose();
  }
});
