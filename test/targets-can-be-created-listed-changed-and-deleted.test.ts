import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';

test('targets can be created, listed with health, fetched, patched and deleted', async () => {
  const t = await testApp();
  try {
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/targets',
      payload: { service: 'api', url: 'http://127.0.0.5:6060', labels: { env: 'prod' }, interval: '30s', profiles: ['cpu', 'heap', 'goroutine'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const target = created.json() as { id: string };
    assert.equal(typeof target.id, 'string');
    assert.deepEqual(created.json(), {
      id: target.id, service: 'api', url: 'http://127.0.0.5:6060', pathPrefix: '/debug/pprof', labels: { env: 'prod' },
      interval: '30s', timeout: '30s', profiles: ['cpu', 'heap', 'goroutine'], cpuSeconds: 29, source: 'api',
      health: { state: 'unknown', lastScrapeAt: null, lastDurationMs: null, lastError: null, consecutiveFailures: 0, profiles: {} },
    });

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/targets' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json(), [created.json()]);

    const one = await t.app.inject({ method: 'GET', url: `/api/v1/targets/${target.id}` });
    assert.deepEqual(one.json(), created.json());

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/targets/${target.id}`, payload: { interval: '10s', pathPrefix: '/pprof' } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(
      (({ interval, timeout, cpuSeconds, pathPrefix, labels }) => ({ interval, timeout, cpuSeconds, pathPrefix, labels }))(patched.json() as Record<string, unknown>),
      { interval: '10s', timeout: '10s', cpuSeconds: 9, pathPrefix: '/pprof', labels: { env: 'prod' } },
    );

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/v1/targets/${target.id}` });
    assert.equal(deleted.statusCode, 204);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/targets' })).json(), []);
  } finally {
    await t.dispose();
  }
});
