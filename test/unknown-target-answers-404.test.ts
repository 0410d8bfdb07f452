import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('get, patch and delete of an unknown target answer 404 FW_TARGET_NOT_FOUND', async () => {
  const t = await testApp();
  try {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: '/api/v1/targets/nope', ...(method === 'PATCH' ? { payload: { interval: '30s' } } : {}) });
      assert.equal(res.statusCode, 404, `${method}: ${res.body}`);
      assert.deepEqual(res.json(), { error: 'FW_TARGET_NOT_FOUND', message: 'no target with id "nope"', statusCode: 404 } satisfies ErrorBody);
    }
    const route = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    assert.equal(route.statusCode, 404);
    assert.equal((route.json() as ErrorBody).error, 'FW_ROUTE_NOT_FOUND');
  } finally {
    await t.dispose();
  }
});
