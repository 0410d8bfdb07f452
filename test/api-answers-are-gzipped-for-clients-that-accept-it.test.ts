import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { ingestFixture, testApp } from './support/test-app.js';

test('JSON answers are gzipped for a client that accepts gzip and equal the plain answer; the pprof export is not gzipped twice', async () => {
  const t = await testApp();
  try {
    assert.equal((await ingestFixture(t.app, 'gobench-regexp.cpu.pb.gz', 'service=api&at=now-5m')).statusCode, 201);
    for (const route of ['flamegraph', 'top']) {
      const url = `/api/v1/${route}?service=api&type=cpu&from=now-1h`;
      const plain = await t.app.inject({ method: 'GET', url });
      assert.equal(plain.statusCode, 200, plain.body);
      assert.equal(plain.headers['content-encoding'], undefined, `${route}: no encoding without accept-encoding`);
      const gzipped = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=1.0, gzip;q=0.8' } });
      assert.equal(gzipped.statusCode, 200);
      assert.equal(gzipped.headers['content-encoding'], 'gzip', `${route}: gzip chosen (brotli is not offered)`);
      const body = gunzipSync(gzipped.rawPayload);
      assert.deepEqual(JSON.parse(body.toString('utf8')), plain.json(), `${route}: the same answer`);
      assert.ok(gzipped.rawPayload.length * 3 < plain.rawPayload.length, `${route}: ${gzipped.rawPayload.length} B gzipped against ${plain.rawPayload.length} B`);
    }
    const small = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined, 'a small answer is sent as it is');

    const exported = await t.app.inject({ method: 'GET', url: '/api/v1/profile?service=api&type=cpu&from=now-1h', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(exported.statusCode, 200);
    assert.equal(exported.headers['content-encoding'], undefined, 'the export is a .pb.gz already');
    assert.deepEqual([...exported.rawPayload.subarray(0, 2)], [0x1f, 0x8b]);
  } finally {
    await t.dispose();
  }
});
