import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('writes over the rate limit answer 429 FW_RATE_LIMITED while reads, health and metrics go on', async () => {
  const t = await testApp({ writeRateLimit: { max: 2, timeWindowMs: 60_000 } });
  try {
    let port = 1;
    const post = () => t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: { service: 'api', url: `http://a:${port++}` } });
    assert.equal((await post()).statusCode, 201);
    assert.equal((await post()).statusCode, 201);
    const limited = await post();
    assert.equal(limited.statusCode, 429, limited.body);
    assert.equal((limited.json() as ErrorBody).error, 'FW_RATE_LIMITED');
    assert.ok(limited.headers['retry-after'], 'Retry-After is set');
    for (let i = 0; i < 5; i++) {
      for (const url of ['/api/v1/targets', '/healthz', '/metrics', '/api/v1/openapi.json']) {
        assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 200, `${url} is never limited`);
      }
    }
  } finally {
    await t.dispose();
  }
});
