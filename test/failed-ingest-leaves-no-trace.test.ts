import assert from 'node:assert/strict';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture } from './support/temp-store.js';

backendTest('an ingest that fails midway leaves nothing behind: no series, no profile, no ids the next ingest could trip on', {}, async (store) => {
  const good = loadFixture('hotspots.cpu.1.pb.gz');
  await store.profiles.ingest({ profile: good, labels: { service: 'api' }, timeMs: 1_000 });
  const types = await store.profiles.types('', 0, 10_000);
  // New functions, locations, stacks and a new series are on their way, then the samples
  // fail on a non-integer value: nothing of the profile is stored.
  const bad = loadFixture('gobench-regexp.cpu.pb.gz');
  bad.samples.values[bad.samples.values.length - 1] = 0.5;
  await assert.rejects(async () => store.profiles.ingest({ profile: bad, labels: { service: 'new' }, timeMs: 2_000 }), /not an integer/);
  assert.deepEqual(await store.profiles.labelValues('service', 0, 10_000), ['api']);
  assert.deepEqual(await store.profiles.types('', 0, 10_000), types);
  assert.deepEqual((await store.profiles.series({ selector: '', type: 'cpu', fromMs: 0, toMs: 10_000 }, 60_000)).map((s) => s.profiles.length), [1]);

  // The same new code then ingests cleanly, and a reopened store agrees with the cache.
  const fixed = loadFixture('gobench-regexp.cpu.pb.gz');
  await store.profiles.ingest({ profile: fixed, labels: { service: 'new' }, timeMs: 2_000 });
  const expected = top(stacksFromProfiles([good, fixed], { sampleIndex: 'cpu' }));
  const q = { selector: '', type: 'cpu', fromMs: 0, toMs: 10_000 };
  assert.deepEqual(top((await windowStacks(store.profiles, q, 'function')).stacks), expected);
  await store.reopen();
  assert.deepEqual(top((await windowStacks(store.profiles, q, 'function')).stacks), expected);
  assert.deepEqual(top((await windowStacks(store.profiles, q, 'line')).stacks), top(stacksFromProfiles([good, fixed], { sampleIndex: 'cpu', granularity: 'line' })));
});
