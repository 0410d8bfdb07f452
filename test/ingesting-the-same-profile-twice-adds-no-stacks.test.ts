import assert from 'node:assert/strict';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture, scaled } from './support/temp-store.js';

backendTest('ingesting the same code again, or for another service, stores only its samples: stacks are kept once', {}, async (store) => {
  const p = loadFixture('gobench-regexp.cpu.pb.gz');
  const empty = await store.settledSize();
  await store.profiles.ingest({ profile: p, labels: { service: 'a' }, timeMs: 1_000 });
  const first = await store.settledSize();
  await store.profiles.ingest({ profile: loadFixture('gobench-regexp.cpu.pb.gz'), labels: { service: 'a' }, timeMs: 2_000 });
  await store.profiles.ingest({ profile: scaled(p, 7), labels: { service: 'b', instance: 'x' }, timeMs: 3_000 });
  const again = await store.settledSize();
  const firstGrowth = first - empty, repeatGrowth = (again - first) / 2;
  assert.ok(repeatGrowth < firstGrowth / 3, `the first ingest grew the store by ${firstGrowth} bytes, each repeat by ${repeatGrowth}`);
  const q = { selector: '', type: 'cpu', fromMs: 0, toMs: 10_000 };
  assert.deepEqual(top((await windowStacks(store.profiles, q)).stacks), top(stacksFromProfiles([p, p, scaled(p, 7)], { sampleIndex: 'cpu' })));
});
