import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { tagBreakdown } from '../query/tags.js';
import { top } from '../query/top.js';
import { compileFilters } from '../query/filters.js';
import { BACKENDS, backendSkip } from './support/store-backends.js';
import { loadFixture } from './support/temp-store.js';
import { NOW, ingestFixture, testApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

interface Line { labels: Record<string, string>; profiles: { t: number; total: number }[]; points: { t: number; value: number; profiles: number }[] }

const at = (minutesAgo: number) => NOW - minutesAgo * 60_000;
const cpuA = loadFixture('hotspots-labels.cpu.pb.gz'), cpuB = loadFixture('hotspots-labels-b.cpu.pb.gz');
const parked = loadFixture('hotspots-labels.goroutine.pb.gz');

for (const backend of BACKENDS) {
describe(`on ${backend}`, { skip: backendSkip(backend) }, () => {
let t: TestApp;
before(async () => {
  t = await testApp({}, {}, backend);
  const push = async (file: string, query: string) => assert.equal((await ingestFixture(t.app, file, query)).statusCode, 201);
  await push('hotspots-labels.cpu.pb.gz', `service=api&labels=version=v1&at=${at(20)}`);
  await push('hotspots-labels-b.cpu.pb.gz', `service=api&labels=version=v2&at=${at(10)}`);
  await push('hotspots-labels.heap.pb.gz', `service=api&labels=version=v2&at=${at(10)}`);
  // Goroutine snapshots standing 15 s each (the push default) in two series: a mean of the two.
  await push('hotspots-labels.goroutine.pb.gz', `service=parked&labels=instance=a&at=${at(30)}`);
  await push('hotspots-labels.goroutine.pb.gz', `service=parked&labels=instance=b&at=${at(30)}`);
});
after(async () => { await t.dispose(); });

const get = async <T>(url: string): Promise<T> => {
  const res = await t.app.inject({ method: 'GET', url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json() as T;
};
const byValue = (lines: Line[], label: string) => Object.fromEntries(lines.map((l) => [l.labels[label], l.points.map((p) => [p.t, p.value])]));
const tagTotals = (p: Parameters<typeof tagBreakdown>[0][number], key: string) =>
  Object.fromEntries(tagBreakdown([p]).keys.find((k) => k.key === key)!.values.map((v) => [v.value, v.total]));

test('series group by a sample label: one line per value, each step the total of its samples; samples without it are the "" line', async () => {
  const lines = await get<Line[]>('/api/v1/series?service=api&type=cpu&from=now-1h&step=5m&groupBy=handler');
  const step = (ms: number) => Math.floor(ms / 300_000) * 300_000;
  const expected: Record<string, [number, number][]> = {};
  for (const [p, t0] of [[cpuA, at(20)], [cpuB, at(10)]] as const) {
    const totals = tagTotals(p, 'handler');
    const unlabelled = top(stacksFromProfiles([p], { sampleIndex: 'cpu' })).total - Object.values(totals).reduce((a, b) => a + b, 0);
    for (const [value, total] of [...Object.entries(totals), ['', unlabelled] as const]) if (total > 0) (expected[value] ??= []).push([step(t0), total]);
  }
  assert.deepEqual(byValue(lines, 'handler'), expected);
  assert.deepEqual(lines.map((l) => l.labels['handler']), ['', 'checkout', 'report', 'search']);

  const byTenant = await get<Line[]>(`/api/v1/series?service=api&type=cpu&from=now-1h&step=1h&groupBy=tenant&sampleLabels=${encodeURIComponent('{handler="checkout"}')}`);
  const focused = (p: typeof cpuA) => top(stacksFromProfiles([p], { sampleIndex: 'cpu', filters: compileFilters({ tagfocus: 'handler=checkout', relativePercentages: true }) })).total;
  const sum = byTenant.reduce((s, l) => s + l.points.reduce((a, p) => a + p.value, 0), 0);
  assert.equal(sum, focused(cpuA) + focused(cpuB), 'the sample label filter applies before the grouping');
});

test('series group by a series label, and a snapshot type\'s sample label group is a time-weighted mean', async () => {
  const versions = await get<Line[]>('/api/v1/series?service=api&type=cpu&from=now-1h&step=1h&groupBy=version');
  assert.deepEqual(versions.map((l) => [l.labels, l.profiles.length]), [[{ version: 'v1' }, 1], [{ version: 'v2' }, 1]]);

  const handlers = await get<Line[]>('/api/v1/series?service=parked&type=goroutine&from=now-1h&step=1m&groupBy=handler');
  const counts = tagTotals(parked, 'handler');
  // Both instances stand for the same 15 s: at each instant both are there, so the mean is twice one snapshot.
  assert.deepEqual(Object.fromEntries(handlers.map((l) => [l.labels['handler'], l.points.map((p) => p.value)])),
    Object.fromEntries([...Object.entries(counts).map(([v, n]) => [v, [2 * n]]), ['', [2 * (top(stacksFromProfiles([parked])).total - Object.values(counts).reduce((a, b) => a + b, 0))]]]));
  const summed = await get<Line[]>('/api/v1/series?service=parked&type=goroutine&from=now-1h&step=1m&groupBy=handler&agg=sum');
  assert.deepEqual(summed.map((l) => l.points[0]!.value), handlers.map((l) => l.points[0]!.value));
  const byInstance = await get<Line[]>('/api/v1/series?service=parked&type=goroutine&from=now-1h&step=1m&groupBy=instance');
  assert.deepEqual(byInstance.map((l) => [l.labels['instance'], l.points[0]!.value]), [['a', top(stacksFromProfiles([parked])).total], ['b', top(stacksFromProfiles([parked])).total]]);
});

test('labels and label values list sample labels with kind=sample, both kinds with kind=all', async () => {
  assert.deepEqual(await get('/api/v1/labels'), ['instance', 'service', 'version']);
  assert.deepEqual(await get('/api/v1/labels?kind=sample&service=api&type=cpu'), ['handler', 'tenant']);
  assert.deepEqual(await get('/api/v1/labels?kind=all&service=api'), { series: ['service', 'version'], sample: ['bytes', 'handler', 'tenant'] });
  assert.deepEqual(await get('/api/v1/labels/handler/values?kind=sample&service=api&type=cpu'), ['checkout', 'report', 'search']);
  const sizes = tagBreakdown([loadFixture('hotspots-labels.heap.pb.gz')], 'alloc_space').keys.find((k) => k.key === 'bytes')!.values.map((v) => v.value);
  assert.deepEqual(await get('/api/v1/labels/bytes/values?kind=sample&service=api&type=alloc_space'), [...sizes].sort());
  assert.deepEqual(await get('/api/v1/labels/version/values?kind=all&service=api&type=cpu'), { series: ['v1', 'v2'], sample: [] });
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/labels?type=cpu' });
  assert.equal(res.statusCode, 400);
  assert.match((res.json() as { message: string }).message, /"type".*kind=sample/);
});
});
}
