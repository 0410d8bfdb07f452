import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goAvailable, oracleTop } from './support/oracle.js';
import { fixture } from './support/fixtures.js';
import { assertSameTop } from './support/compare-top.js';
import { ingestFixture, testApp } from './support/test-app.js';
import type { TopRow } from '../query/top.js';

test('a retried push (same bytes, labels and time) answers 200 with the stored id and is stored once', async () => {
  const t = await testApp();
  try {
    const at = 'at=now-5m';
    const first = await ingestFixture(t.app, 'hotspots.heap.pb.gz', `service=batch&labels=job=nightly&${at}`);
    assert.equal(first.statusCode, 201);
    const retry = await ingestFixture(t.app, 'hotspots.heap.pb.gz', `service=batch&labels=job=nightly&${at}`);
    assert.equal(retry.statusCode, 200);
    assert.deepEqual(retry.body, first.body);
    // Other labels or another time are another profile.
    assert.equal((await ingestFixture(t.app, 'hotspots.heap.pb.gz', `service=batch&labels=job=weekly&${at}`)).statusCode, 201);
    const later = await ingestFixture(t.app, 'hotspots.heap.pb.gz', `service=batch&labels=job=nightly&at=now-4m`);
    assert.equal(later.statusCode, 201);
    assert.notDeepEqual(later.body.ids, first.body.ids);

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/top?query={job="nightly"}&type=alloc_space&from=now-10m&to=now-299s' });
    const once = res.json() as { total: number; profiles: number; rows: TopRow[] };
    assert.equal(once.profiles, 1);
    if (goAvailable()) assertSameTop(once, oracleTop([fixture('hotspots.heap.pb.gz')], { sampleIndex: 'alloc_space' }), 'alloc_space of a twice-pushed profile');
  } finally {
    await t.dispose();
  }
});
