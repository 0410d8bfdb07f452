import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOW, ingestFixture, testApp } from './support/test-app.js';

test('an unknown service, function or empty window answers empty rows and a hint; list takes a regex; diff with only baseQuery compares the same window', async () => {
  const t = await testApp();
  try {
    await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=hotapp&labels=version=v1&at=${NOW - 10 * 60_000}`);
    await ingestFixture(t.app, 'hotspots-b.cpu.pb.gz', `service=hotapp&labels=version=v2&at=${NOW - 5 * 60_000}`);
    const get = async <T>(url: string) => (await t.app.inject({ method: 'GET', url })).json<T>();
    type Rows = { rows: unknown[]; hint?: string; profiles: number };

    const typo = await get<Rows>('/api/v1/top?service=hotap&type=cpu');
    assert.deepEqual([typo.rows, typo.hint], [[], 'no profiles for {service="hotap"} in this window; services with data: hotapp']);
    const otherType = await get<Rows>('/api/v1/flamegraph?service=hotapp&type=inuse_space');
    assert.equal(otherType.hint, 'no inuse_space profiles for {service="hotapp"} in this window; types with data: cpu, samples');
    const old = await get<Rows>('/api/v1/top?service=hotapp&type=cpu&from=now-3m');
    assert.equal(old.hint, `no cpu profiles for {service="hotapp"} in this window; the newest is from ${new Date(NOW - 5 * 60_000).toISOString()}`);
    const found = await get<Rows>('/api/v1/top?service=hotapp&type=cpu');
    assert.equal(found.hint, undefined);

    // list takes a regular expression, as go tool pprof -list does; a miss names the heaviest functions.
    const list = await get<{ rows: { function: string }[]; hint?: string }>('/api/v1/list?service=hotapp&type=cpu&function=hashLoop');
    assert.ok(list.rows.length > 0);
    assert.deepEqual([...new Set(list.rows.map((r) => r.function))], ['main.hashLoop']);
    const both = await get<{ rows: { function: string }[] }>(`/api/v1/list?service=hotapp&type=cpu&function=${encodeURIComponent('main\\.(hashLoop|parseLoop)$')}`);
    assert.deepEqual([...new Set(both.rows.map((r) => r.function))], ['main.hashLoop', 'main.parseLoop']);
    const miss = await get<Rows>('/api/v1/list?service=hotapp&type=cpu&function=hashLop');
    assert.deepEqual(miss.rows, []);
    assert.match(miss.hint ?? '', /^no function matches \/hashLop\/ in this window; the heaviest are: main\.(newHotPath|hashLoop), /);

    // diff with only baseQuery: v1 against v2 over the same window.
    const diff = await get<{ base: { profiles: number }; current: { profiles: number }; rows: { name: string; deltaFlat: number }[] }>(
      `/api/v1/diff?type=cpu&query=${encodeURIComponent('{version="v2"}')}&baseQuery=${encodeURIComponent('{version="v1"}')}`);
    assert.deepEqual([diff.base.profiles, diff.current.profiles], [1, 1]);
    assert.equal(diff.rows[0]!.name, 'main.newHotPath');
    const noBase = await t.app.inject({ method: 'GET', url: '/api/v1/diff?type=cpu&service=hotapp' });
    assert.equal(noBase.statusCode, 400);
    assert.match(noBase.json<{ message: string }>().message, /^invalid parameter "baseFrom": is required unless baseQuery, baseService or baseSampleLabels/);
  } finally {
    await t.dispose();
  }
});
