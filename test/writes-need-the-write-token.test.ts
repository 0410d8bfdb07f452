import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureBytes, testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('with a write token, target changes and ingest answer 401 without it or with a wrong one; reads stay open', async () => {
  const t = await testApp({ tokens: { write: 's3cret' } });
  try {
    const writes = [
      { method: 'POST' as const, url: '/api/v1/targets', payload: { service: 'api', url: 'http://a:1' } },
      { method: 'PATCH' as const, url: '/api/v1/targets/x', payload: { interval: '1m' } },
      { method: 'DELETE' as const, url: '/api/v1/targets/x' },
      { method: 'POST' as const, url: '/api/v1/ingest?service=api', payload: fixtureBytes('hotspots.cpu.1.pb.gz'), headers: { 'content-type': 'application/octet-stream' } },
    ];
    for (const w of writes) {
      for (const authorization of [undefined, 'Bearer wrong', 'Basic czNjcmV0', 'Bearer']) {
        const res = await t.app.inject({ ...w, headers: { ...w.headers, ...(authorization ? { authorization } : {}) } });
        assert.equal(res.statusCode, 401, `${w.method} ${w.url} with ${authorization}: ${res.body}`);
        assert.equal((res.json() as ErrorBody).error, 'FW_UNAUTHORIZED');
      }
    }
    const created = await t.app.inject({ ...writes[0]!, headers: { authorization: 'Bearer s3cret' } });
    assert.equal(created.statusCode, 201);
    const ingested = await t.app.inject({ ...writes[3]!, headers: { ...writes[3]!.headers, authorization: 'bearer s3cret' } });
    assert.equal(ingested.statusCode, 201);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/targets' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/top?service=api&type=cpu' })).statusCode, 200);
  } finally {
    await t.dispose();
  }
});
