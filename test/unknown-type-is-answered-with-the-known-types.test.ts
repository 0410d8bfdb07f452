import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROFILE_TYPE_NAMES } from '../common/profile-types.js';
import { testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('an unknown type is answered 400 naming "type" and listing every known type', async () => {
  const t = await testApp();
  try {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/top?service=api&type=wall' });
    assert.equal(res.statusCode, 400);
    const body = res.json() as ErrorBody;
    assert.equal(body.error, 'FW_PARAMETER_INVALID');
    assert.match(body.message, /^invalid parameter "type": must be one of: /);
    for (const known of PROFILE_TYPE_NAMES) assert.ok(body.message.includes(known), `${known} missing from: ${body.message}`);
  } finally {
    await t.dispose();
  }
});
