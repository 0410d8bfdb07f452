import assert from 'node:assert/strict';
import { stacksFromProfiles } from '../query/from-profile.js';
import type { Granularity } from '../query/stack-set.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture, scaled } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

for (const granularity of ['function', 'line'] as Granularity[]) {
  backendTest(`top of stored CPU profiles equals top of the files merged in memory (${granularity})`, {}, async (store) => {
    const files = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots-b.cpu.pb.gz', 'gobench-regexp.cpu.pb.gz'];
    const profiles = files.map(loadFixture);
    for (const [i, p] of profiles.entries()) await store.profiles.ingest({ profile: p, labels: { service: `svc-${i % 2}` }, timeMs: T0 + i * 10_000 });
    for (const type of ['cpu', 'samples']) {
      const stored = await windowStacks(store.profiles, { selector: '', type, fromMs: T0, toMs: T0 + 3_600_000 }, granularity);
      assert.equal(stored.profiles, files.length);
      assert.deepEqual(top(stored.stacks), top(stacksFromProfiles(profiles, { sampleIndex: type, granularity })));
    }
    const one = await windowStacks(store.profiles, { selector: '{service="svc-1"}', type: 'cpu', fromMs: T0, toMs: T0 + 3_600_000 }, granularity);
    assert.deepEqual(top(one.stacks), top(stacksFromProfiles([profiles[1]!, profiles[3]!], { sampleIndex: 'cpu', granularity })));
  });

  backendTest(`top of stored heap alloc profiles equals the files merged in memory (${granularity})`, {}, async (store) => {
    const heap = loadFixture('hotspots.heap.pb.gz');
    const bench = loadFixture('gobench-regexp.heap.pb.gz');
    const inputs = [heap, scaled(heap, 3), bench];
    for (const [i, p] of inputs.entries()) await store.profiles.ingest({ profile: p, labels: { service: 'api', instance: `i${i}` }, timeMs: T0 + i * 1000 });
    for (const type of ['alloc_space', 'alloc_objects']) {
      const stored = await windowStacks(store.profiles, { selector: '{service="api"}', type, fromMs: T0, toMs: T0 + 60_000 }, granularity);
      assert.deepEqual(top(stored.stacks), top(stacksFromProfiles(inputs, { sampleIndex: type, granularity })));
    }
    const summed = await windowStacks(store.profiles, { selector: '', type: 'inuse_space', fromMs: T0, toMs: T0 + 60_000, agg: 'sum' }, granularity);
    assert.deepEqual(top(summed.stacks), top(stacksFromProfiles(inputs, { sampleIndex: 'inuse_space', granularity })));
  });
}
