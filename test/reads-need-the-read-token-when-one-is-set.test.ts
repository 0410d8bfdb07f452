import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';

const reads = [
  '/api/v1/targets', '/api/v1/top?type=cpu', '/api/v1/flamegraph?type=cpu', '/api/v1/list?type=cpu&function=main.main',
  '/api/v1/diff?type=cpu&baseFrom=now-2h', '/api/v1/profile?type=cpu', '/api/v1/series?type=cpu', '/api/v1/types',
  '/api/v1/labels', '/api/v1/labels/service/values', '/api/v1/deploys', '/api/v1/memstats',
];

test('with a read token, every read answers 401 without it; the read and write tokens both pass; health, metrics and OpenAPI stay open', async () => {
  const t = await testApp({ tokens: { read: 'reader', write: 'writer' } });
  try {
    for (const url of reads) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 401, url);
      assert.equal((await t.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer nope' } })).statusCode, 401, url);
      for (const token of ['reader', 'writer']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        assert.ok(res.statusCode === 200, `${url} with ${token}: ${res.statusCode} ${res.body}`);
      }
    }
    const write = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: { service: 'a', url: 'http://a:1' }, headers: { authorization: 'Bearer reader' } });
    assert.equal(write.statusCode, 401, 'the read token does not grant writes');
    for (const url of ['/healthz', '/metrics', '/api/v1/openapi.json']) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 200, url);
    }
  } finally {
    await t.dispose();
  }
});
