import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { loadFixture, scaled, tempStore } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

test('inuse types average the snapshots of each series, then add the series; agg sum forces the plain merge', () => {
  const store = tempStore();
  try {
    const heap = loadFixture('hotspots.heap.pb.gz');
    // Series a: snapshots ×1, ×2, ×3 (mean ×2); series b: ×4 once (mean ×4). Expected: ×6.
    [1, 2, 3].forEach((f, i) => store.profiles.ingest({ profile: scaled(heap, f), labels: { service: 'api', instance: 'a' }, timeMs: T0 + i * 10_000 }));
    store.profiles.ingest({ profile: scaled(heap, 4), labels: { service: 'api', instance: 'b' }, timeMs: T0 + 5_000 });
    const q = { selector: '{service="api"}', type: 'inuse_space', fromMs: T0, toMs: T0 + 60_000 };

    const mean = windowStacks(store.profiles, q, 'function');
    assert.equal(mean.profiles, 4);
    assert.deepEqual(top(mean.stacks), top(stacksFromProfiles([scaled(heap, 6)], { sampleIndex: 'inuse_space' })));
    assert.deepEqual(top(windowStacks(store.profiles, { ...q, agg: 'mean' }, 'line').stacks),
      top(stacksFromProfiles([scaled(heap, 6)], { sampleIndex: 'inuse_space', granularity: 'line' })));

    const sum = windowStacks(store.profiles, { ...q, agg: 'sum' }, 'function');
    assert.deepEqual(top(sum.stacks), top(stacksFromProfiles([scaled(heap, 10)], { sampleIndex: 'inuse_space' })));

    // alloc_space is a counter: summed by default.
    const alloc = windowStacks(store.profiles, { ...q, type: 'alloc_space' }, 'function');
    assert.deepEqual(top(alloc.stacks), top(stacksFromProfiles([scaled(heap, 10)], { sampleIndex: 'alloc_space' })));

    // Series points: mean of the snapshots in a step for inuse, sum for alloc.
    const total = top(stacksFromProfiles([heap], { sampleIndex: 'inuse_space' })).total;
    const series = store.profiles.series(q, 60_000);
    assert.deepEqual(series.map((s) => s.points.map((p) => p.value)), [[2 * total], [4 * total]]);
    assert.deepEqual(series.map((s) => s.points.map((p) => p.t)), [[T0], [T0]]);

    // The window is a profile with the one selected sample type, combined by the type's aggregation.
    const window = store.profiles.window({ ...q, fromMs: T0, toMs: T0 + 10_000, selector: '{instance="a"}' });
    assert.deepEqual(window.profile.sampleTypes.map((t) => t.type), ['inuse_space']);
    assert.equal(window.agg, 'mean');
  } finally {
    store.dispose();
  }
});
