import assert from 'node:assert/strict';
import { backendTest } from './support/store-backends.js';
import { apiTest, ingestFixture } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';
import { loadFixture } from './support/temp-store.js';

const labelList = (n: number, prefix = 'l') => Array.from({ length: n }, (_, i) => `${prefix}${i}=v`).join(',');

apiTest('with the defaults, a push with 300 labels or a 2 KiB value is refused 400 naming the limit, and nothing is stored', {}, async (t) => {
  const many = await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&labels=${labelList(300)}`);
  assert.equal(many.statusCode, 400);
  const err = many.body as unknown as ErrorBody;
  assert.equal(err.error, 'FW_SERIES_LABELS_REFUSED');
  assert.match(err.message, /301 labels, over the limit of 64 labels per series \(maxLabelsPerSeries\)/);
  const long = await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&labels=note=${'x'.repeat(2048)}`);
  assert.equal(long.statusCode, 400);
  assert.match((long.body as unknown as ErrorBody).message, /label "note" has a value of 2048 characters, over the limit of 1024 \(maxLabelValueLength\)/);
  const types = await t.app.inject({ method: 'GET', url: '/api/v1/types?from=0' });
  assert.deepEqual((types.json() as { present: unknown[] }).present, [], 'nothing was stored');
  const target = await t.app.inject({
    method: 'POST', url: '/api/v1/targets',
    payload: { service: 'api', url: 'http://127.0.0.1:6060', labels: Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`l${i}`, 'v'])) },
  });
  assert.equal(target.statusCode, 400, 'a target whose scrapes would be refused is refused when registered');
  assert.match((target.json() as ErrorBody).message, /maxLabelsPerSeries/);
});

const seriesLimits = { maxLabelsPerSeries: 64, maxLabelValueLength: 1024, maxSeries: 5 };

apiTest('a label that differs on every push stops at the series cap; known series keep being stored', { overrides: { seriesLimits }, store: { seriesLimits } }, async (t) => {
  for (let i = 0; i < 5; i++) {
    assert.equal((await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=batch&at=now-1m&labels=request_id=r${i}`)).statusCode, 201);
  }
  const sixth = await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', 'service=batch&at=now-1m&labels=request_id=r5');
  assert.equal(sixth.statusCode, 400);
  const err = sixth.body as unknown as ErrorBody;
  assert.equal(err.error, 'FW_SERIES_LIMIT');
  assert.match(err.message, /limit of 5 distinct series \(maxSeries\)/);
  // A later profile of a known series (a push of the same profile at the same time would be a repeat, answered 200).
  assert.equal((await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', 'service=batch&at=now-30s&labels=request_id=r2')).statusCode, 201, 'a known series is still stored');
  const values = await t.app.inject({ method: 'GET', url: '/api/v1/labels/request_id/values?from=0' });
  assert.deepEqual(values.json(), ['r0', 'r1', 'r2', 'r3', 'r4']);
});

// The store enforces the same cap for every writer (scrapes included), and keeps it across a reopen.
backendTest('the series cap holds for every writer of the store and across a reopen', { seriesLimits: { ...seriesLimits, maxSeries: 2 } }, async (store) => {
  const profile = loadFixture('hotspots.cpu.1.pb.gz');
  await store.profiles.ingest({ profile, labels: { service: 'a' } });
  await store.profiles.ingest({ profile, labels: { service: 'b' } });
  await store.reopen();
  await assert.rejects(async () => store.profiles.ingest({ profile, labels: { service: 'c' } }), { code: 'FW_SERIES_LIMIT' });
});
