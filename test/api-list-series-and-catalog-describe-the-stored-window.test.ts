import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { lineTable } from '../query/line-table.js';
import { NOW, ingestFixture, testApp } from './support/test-app.js';
import { loadFixture } from './support/temp-store.js';

test('list, series, types and labels describe what the window holds', async () => {
  const t = await testApp();
  try {
    const at1 = NOW - 20 * 60_000, at2 = NOW - 5 * 60_000;
    await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&labels=env=prod&at=${at1}`);
    await ingestFixture(t.app, 'hotspots.cpu.2.pb.gz', `service=api&labels=env=dev&at=${new Date(at2).toISOString()}`);
    const files = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz'].map(loadFixture);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/list?service=api&type=cpu&function=main.parseLoop' });
    assert.equal(list.statusCode, 200, list.body);
    const expected = lineTable(stacksFromProfiles(files, { sampleIndex: 'cpu', granularity: 'line' }), 'main.parseLoop');
    assert.ok(expected.rows.length > 0);
    assert.deepEqual(list.json(), { ...expected, type: 'cpu', profiles: 2 });

    const series = (await t.app.inject({ method: 'GET', url: '/api/v1/series?service=api&type=samples&from=now-1h&step=1m' })).json() as
      { labels: Record<string, string>; profiles: { t: number; total: number }[] }[];
    assert.equal(series.length, 2);
    const byEnv = Object.fromEntries(series.map((s) => [s.labels['env'], s.profiles.map((p) => p.t)]));
    assert.deepEqual(byEnv, { prod: [at1], dev: [at2] });

    const types = (await t.app.inject({ method: 'GET', url: '/api/v1/types?service=api' })).json() as { known: { name: string }[]; present: { type: string; profiles: number }[] };
    assert.ok(types.known.some((k) => k.name === 'inuse_space'));
    assert.deepEqual(types.present.map((p) => [p.type, p.profiles]).sort(), [['cpu', 2], ['samples', 2]]);

    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/labels' })).json(), ['env', 'service']);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/labels/env/values' })).json(), ['dev', 'prod']);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/labels/env/values?from=now-10m' })).json(), ['dev']);
  } finally {
    await t.dispose();
  }
});
