import assert from 'node:assert/strict';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { retainAt } from './support/retain-at.js';
import { backendTest } from './support/store-backends.js';
import { integrityOf, loadFixture, varied } from './support/temp-store.js';

const DAY = 86_400_000, HOUR = 3_600_000, MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

// On every backend: SQLite deletes each tier's rows, ClickHouse drops each tier's days.
backendTest('raw profiles, minute and hour rollups each expire after their own retention, and long windows still answer from what is left', { rollupGraceMs: 0 }, async (store) => {
  const base = loadFixture('hotspots.cpu.1.pb.gz');
  // Day 0: two whole hours of one profile a minute (a busy CPU hour), then one profile in a third hour.
  const day0 = Array.from({ length: 121 }, (_, i) => varied(base, i + 1));
  for (const [i, profile] of day0.entries()) await store.profiles.ingest({ profile, labels: { service: 'api' }, timeMs: T0 + i * MINUTE, intervalMs: MINUTE });
  await store.profiles.compact(T0 + DAY);
  const expected = top(stacksFromProfiles(day0, { sampleIndex: 'cpu' }));
  const wholeDay = { selector: '{service="api"}', type: 'cpu', fromMs: T0, toMs: T0 + DAY - 1 };
  const lastMinute = { ...wholeDay, fromMs: T0 + 2 * HOUR, toMs: T0 + 2 * HOUR + MINUTE - 1 };

  store.profiles.useRollups = false;
  const rawMean = top((await windowStacks(store.profiles, { ...wholeDay, agg: 'mean' })).stacks);
  // Timelines by hour, summed and as time-weighted means: the points, not the profiles to open.
  const timeline = async () => Promise.all((['sum', 'mean'] as const).map(async (agg) => (await store.profiles.series({ ...wholeDay, agg }, HOUR))[0]?.points));
  const rawTimeline = await timeline();
  store.profiles.useRollups = true;

  // Past raw retention: the raw profiles go, the rollups answer the same top and count them all.
  assert.equal((await retainAt(store.profiles, T0 + 3 * DAY)).deletedProfiles, 121);
  store.profiles.useRollups = false;
  assert.equal((await store.profiles.window(wholeDay)).profile.samples.count, 0, 'no raw profile left');
  store.profiles.useRollups = true;
  assert.deepEqual(top((await windowStacks(store.profiles, wholeDay)).stacks), expected);
  assert.equal((await store.profiles.window(wholeDay)).profiles, 121);
  assert.deepEqual(top((await windowStacks(store.profiles, { ...wholeDay, agg: 'mean' })).stacks), rawMean, 'time-weighted mean');
  assert.deepEqual(await timeline(), rawTimeline, 'timeline from minute rollups');
  assert.deepEqual(top((await windowStacks(store.profiles, lastMinute)).stacks), top(stacksFromProfiles(day0.slice(120), { sampleIndex: 'cpu' })));

  // Past minute retention: the minute rollups go, so a window shorter than an hour finds nothing;
  // the day still answers the same from hour rollups.
  await retainAt(store.profiles, T0 + 15 * DAY);
  assert.equal((await store.profiles.window(lastMinute)).profile.samples.count, 0, 'the lone minute is gone');
  assert.deepEqual(top((await windowStacks(store.profiles, wholeDay)).stacks), expected);
  assert.equal((await store.profiles.window(wholeDay)).profiles, 121);
  assert.deepEqual(await timeline(), rawTimeline, 'timeline from hour rollups');

  // Past hour retention: nothing is left, and the stacks nothing refers to are collected.
  const last = await retainAt(store.profiles, T0 + 366 * DAY);
  assert.ok(last.deletedStacks > 0, 'stacks collected');
  assert.equal((await store.profiles.window(wholeDay)).profile.samples.count, 0);
  if (store.path !== undefined) assert.equal(integrityOf(store.path), 'ok');
});
