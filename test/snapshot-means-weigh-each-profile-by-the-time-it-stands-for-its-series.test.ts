import assert from 'node:assert/strict';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture, scaled } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const S = 1000;

backendTest('inuse means are the time-weighted mean of the total across series: a relabelled process counts once, a long window is not diluted', {}, async (store) => {
  const heap = loadFixture('hotspots.heap.pb.gz');
  const push = async (labels: Record<string, string>, atS: number, factor: number, intervalMs?: number) =>
    store.profiles.ingest({ profile: scaled(heap, factor), labels: { service: 'api', ...labels }, timeMs: T0 + atS * S, intervalMs });
  // The README's worked example: instance a is relabelled v1 → v2 after 30 s; instance b lives for 15 s.
  await push({ instance: 'a', version: 'v1' }, 0, 1);
  await push({ instance: 'a', version: 'v1' }, 15, 3);
  await push({ instance: 'a', version: 'v2' }, 30, 2);
  await push({ instance: 'a', version: 'v2' }, 45, 2);
  await push({ instance: 'b', version: 'v2' }, 30, 4, 15_000);
  const inuse = (factor: number, granularity: 'function' | 'line' = 'function') =>
    top(stacksFromProfiles([scaled(heap, factor)], { sampleIndex: 'inuse_space', granularity }));
  const q = { selector: '{service="api"}', type: 'inuse_space', fromMs: T0, toMs: T0 + 3_600_000 };

  // total(t): 1× for 15 s, 3× for 15 s, 2× + 4× for 15 s, 2× for 15 s → (1 + 3 + 6 + 2) / 4 = 3×, over the 60 s with data.
  const mean = await windowStacks(store.profiles, q, 'function');
  assert.equal(mean.profiles, 5);
  assert.deepEqual(top(mean.stacks), inuse(3));
  assert.deepEqual(top((await windowStacks(store.profiles, { ...q, agg: 'mean' }, 'line')).stacks), inuse(3, 'line'));
  // Instance a alone: 1×, 3×, 2×, 2× for 15 s each: 2×, as its own heap profile says, not v1's mean plus v2's mean (4×).
  assert.deepEqual(top((await windowStacks(store.profiles, { ...q, selector: '{instance="a"}' })).stacks), inuse(2));
  // A window that ends where the data ends gives the same: a longer window is not diluted.
  assert.deepEqual(top((await windowStacks(store.profiles, { ...q, toMs: T0 + 59_999 })).stacks), inuse(3));

  // agg=sum forces pprof's plain merge; alloc_space is a counter, summed by default.
  assert.deepEqual(top((await windowStacks(store.profiles, { ...q, agg: 'sum' })).stacks), inuse(12));
  assert.deepEqual(top((await windowStacks(store.profiles, { ...q, type: 'alloc_space' })).stacks),
    top(stacksFromProfiles([scaled(heap, 12)], { sampleIndex: 'alloc_space' })));

  // Series points weigh the same way, per series: v1 (1× and 3×) is 2×, v2 2×, b 4×.
  const total = inuse(1).total;
  const series = await store.profiles.series(q, 60_000);
  assert.deepEqual(series.map((s) => [s.labels['version'], s.labels['instance'], s.points.map((p) => [p.t, p.value / total])]),
    [['v1', 'a', [[T0, 2]]], ['v2', 'a', [[T0, 2]]], ['v2', 'b', [[T0, 4]]]]);

  // A profile arriving late between two others shortens the time the earlier one stands for: v1 is now 1× for 5 s, 7× for 10 s, 3× for 15 s.
  await push({ instance: 'a', version: 'v1' }, 5, 7);
  assert.deepEqual(top((await windowStacks(store.profiles, { ...q, selector: '{version="v1"}' })).stacks), inuse(4));
});
