import assert from 'node:assert/strict';
import type { Profile } from '../codec/profile.js';
import type { Labels } from '../common/labels.js';
import { compileFilters, labelSetFilter } from '../query/filters.js';
import { valuesOfKey } from '../query/tags.js';
import type { SeriesGrouping, WindowQuery } from '../store/profile-store.js';
import { retainAt } from './support/retain-at.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture, varied } from './support/temp-store.js';

const DAY = 86_400_000, HOUR = 3_600_000, MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

backendTest('timelines grouped and filtered by labels answer the same from minute and hour rollups once raw profiles expire', { rollupGraceMs: 0 }, async (store) => {
  // Two services with sample labels, one profile a minute for an hour and a half (the second
  // service from the second hour on), and a heap snapshot series for a time-weighted mean;
  // ingested together, as collectors do, once each series' first profile is stored (series
  // count in the order they were first stored; once their raw profiles expired, in the order of
  // their first rollup).
  const cpu = loadFixture('hotspots-labels.cpu.pb.gz'), cpuB = loadFixture('hotspots-labels-b.cpu.pb.gz');
  const heap = loadFixture('hotspots-labels.heap.pb.gz');
  const api = { service: 'api', version: 'v1' }, web = { service: 'web', version: 'v2' };
  const ingest = (profile: Profile, labels: Labels, i: number, intervalMs = MINUTE) =>
    Promise.resolve(store.profiles.ingest({ profile, labels, timeMs: T0 + i * MINUTE, intervalMs }));
  await ingest(varied(cpu, 1), api, 0);
  await ingest(varied(cpuB, 61), web, 60);
  const rest: Promise<unknown>[] = [];
  for (let i = 0; i < 90; i++) {
    if (i > 0) rest.push(ingest(varied(cpu, i + 1), api, i));
    if (i > 60) rest.push(ingest(varied(cpuB, i + 1), web, i));
    if (i % 3 === 0) rest.push(ingest(heap, api, i, 3 * MINUTE));
  }
  await Promise.all(rest);
  await store.profiles.compact(T0 + DAY);
  const day: WindowQuery = { selector: '', type: 'cpu', fromMs: T0, toMs: T0 + DAY - 1 };
  const filtered: WindowQuery = { ...day, labelFilter: labelSetFilter(compileFilters({ tagfocus: 'handler=checkout' })!)! };
  const bySample: SeriesGrouping = { kind: 'sample', label: 'handler', valuesOf: valuesOfKey('handler') };
  const timelines = async () => {
    const points = async (query: WindowQuery, groupBy?: SeriesGrouping) =>
      (await store.profiles.series(query, HOUR, groupBy)).map((line) => ({ labels: line.labels, points: line.points }));
    return {
      perSeries: await points(day),
      byVersion: await points(day, { kind: 'series', label: 'version' }),
      byHandler: await points(day, bySample),
      checkout: await points(filtered),
      heapMean: await points({ ...day, type: 'inuse_space', agg: 'mean' }),
    };
  };
  const raw = await timelines();
  assert.equal(raw.perSeries.length, 2);
  assert.ok(raw.byHandler.length > 1, 'several handlers');

  assert.equal((await retainAt(store.profiles, T0 + 3 * DAY)).deletedProfiles, 90 + 30 + 30);
  assert.deepEqual(await timelines(), raw, 'from minute rollups');
  await retainAt(store.profiles, T0 + 15 * DAY);
  // An hour rollup counts every profile it merged in each sample label's line, also those
  // without the label (a minute rollup merges one profile): the values are the same.
  const valuesOnly = (lines: typeof raw.byHandler) => lines.map((l) => ({ labels: l.labels, points: l.points.map(({ t, value }) => ({ t, value })) }));
  const hours = await timelines();
  assert.deepEqual({ ...hours, byHandler: valuesOnly(hours.byHandler) }, { ...raw, byHandler: valuesOnly(raw.byHandler) }, 'from hour rollups');
});
