import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { loadFixture, tempStore } from './support/temp-store.js';

test('an ingest that fails midway leaves nothing behind: no series, no profile, no ids the next ingest could trip on', () => {
  const store = tempStore();
  try {
    const good = loadFixture('hotspots.cpu.1.pb.gz');
    store.profiles.ingest({ profile: good, labels: { service: 'api' }, timeMs: 1_000 });
    const types = store.profiles.types('', 0, 10_000);
    // New functions, locations, stacks and a new series are written, then packing the
    // samples fails on a non-integer value: the transaction rolls back.
    const bad = loadFixture('gobench-regexp.cpu.pb.gz');
    bad.samples.values[bad.samples.values.length - 1] = 0.5;
    assert.throws(() => store.profiles.ingest({ profile: bad, labels: { service: 'new' }, timeMs: 2_000 }), /not an integer/);
    assert.deepEqual(store.profiles.labelValues('service', 0, 10_000), ['api']);
    assert.deepEqual(store.profiles.types('', 0, 10_000), types);
    assert.deepEqual(store.profiles.series({ selector: '', type: 'cpu', fromMs: 0, toMs: 10_000 }, 60_000).map((s) => s.profiles.length), [1]);

    // The same new code then ingests cleanly, and a reopened store agrees with the cache.
    const fixed = loadFixture('gobench-regexp.cpu.pb.gz');
    store.profiles.ingest({ profile: fixed, labels: { service: 'new' }, timeMs: 2_000 });
    const expected = top(stacksFromProfiles([good, fixed], { sampleIndex: 'cpu' }));
    const q = { selector: '', type: 'cpu', fromMs: 0, toMs: 10_000 };
    assert.deepEqual(top(windowStacks(store.profiles, q, 'function').stacks), expected);
    store.reopen();
    assert.deepEqual(top(windowStacks(store.profiles, q, 'function').stacks), expected);
    assert.deepEqual(top(windowStacks(store.profiles, q, 'line').stacks), top(stacksFromProfiles([good, fixed], { sampleIndex: 'cpu', granularity: 'line' })));
  } finally {
    store.dispose();
  }
});
