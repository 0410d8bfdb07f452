import assert from 'node:assert/strict';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { scheduleMaintenance } from '../store/retention-scheduler.js';
import { backendTest } from './support/store-backends.js';
import { integrityOf, loadFixture, varied } from './support/temp-store.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

backendTest('retention deletes old profiles and rollups, collects unreferenced stacks and returns the space', { rollupGraceMs: 0 }, async (store) => {
  const old = loadFixture('gobench-regexp.cpu.pb.gz');
  const recent = loadFixture('hotspots.cpu.1.pb.gz');
  for (let i = 0; i < 60; i++) await store.profiles.ingest({ profile: varied(old, i), labels: { service: 'old' }, timeMs: T0 + i * 60_000 });
  const recentInputs = [0, 1, 2].map((i) => varied(recent, i + 1));
  for (const [i, p] of recentInputs.entries()) await store.profiles.ingest({ profile: p, labels: { service: 'new' }, timeMs: T0 + 8 * DAY + i * 60_000 });
  await store.profiles.compact(T0 + 9 * DAY);
  const sizeBefore = await store.settledSize();

  // The old profiles are all of one day, 7 days before the retention's start: every backend
  // deletes them (ClickHouse drops whole days).
  const maintenance = scheduleMaintenance(store.profiles, { now: () => T0 + 8 * DAY, retention: { rawMs: 7 * DAY, minuteMs: 7 * DAY, hourMs: 7 * DAY } });
  let result;
  try {
    result = await maintenance.retainNow();
  } finally {
    maintenance.stop();
  }
  assert.equal(result.deletedProfiles, 60);
  assert.ok(result.deletedStacks > 0);
  const sizeAfter = await store.profiles.sizeBytes();
  assert.ok(sizeAfter < sizeBefore * 0.6, `the store shrank from ${sizeBefore} to ${sizeAfter} bytes`);
  assert.ok(result.freedBytes > 0);
  if (store.path !== undefined) assert.equal(integrityOf(store.path), 'ok');
  assert.deepEqual(await store.profiles.labelValues('service', 0, T0 + 10 * DAY), ['new']);
  // Nothing of the old service answers any more, from raw profiles or rollups.
  const oldWindow = { selector: '{service="old"}', type: 'cpu', fromMs: T0, toMs: T0 + DAY };
  for (const useRollups of [true, false]) {
    store.profiles.useRollups = useRollups;
    assert.deepEqual((await store.profiles.window(oldWindow)).profiles, 0);
    assert.equal((await store.profiles.window(oldWindow)).profile.samples.count, 0);
  }

  // What remains answers exactly as the remaining files merged in memory, raw and rolled up.
  const q = { selector: '', type: 'cpu', fromMs: T0, toMs: T0 + 10 * DAY };
  for (const granularity of ['function', 'line'] as const) {
    const expected = top(stacksFromProfiles(recentInputs, { sampleIndex: 'cpu', granularity }));
    store.profiles.useRollups = true;
    assert.deepEqual(top((await windowStacks(store.profiles, q, granularity)).stacks), expected);
    store.profiles.useRollups = false;
    assert.deepEqual(top((await windowStacks(store.profiles, q, granularity)).stacks), expected);
  }
  // Old code ingested again after collection gets fresh ids and still answers right.
  await store.profiles.ingest({ profile: old, labels: { service: 'old' }, timeMs: T0 + 8 * DAY });
  const back = await windowStacks(store.profiles, { ...q, selector: '{service="old"}' }, 'function');
  assert.deepEqual(top(back.stacks), top(stacksFromProfiles([old], { sampleIndex: 'cpu' })));
});
