import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveLimits } from '../codec/limits.js';
import { hostileBodies } from './support/hostile-bodies.js';
import type { HostileBody } from './support/hostile-bodies.js';
import { testApp } from './support/test-app.js';
import type { ErrorBody, TestApp } from './support/test-app.js';

let t: TestApp;
let bodies: HostileBody[];
const LIMIT = 1 << 20;

before(async () => {
  t = await testApp({ limits: resolveLimits({ maxCompressedBytes: LIMIT }) });
  bodies = await hostileBodies();
});
after(async () => { await t.dispose(); });

function push(bytes: Buffer) {
  return t.app.inject({
    method: 'POST', url: '/api/v1/ingest?service=hostile', payload: bytes, headers: { 'content-type': 'application/octet-stream' },
  });
}

test('every hostile body posted to ingest is refused with a 4xx naming the check, and nothing is stored', async () => {
  for (const body of bodies) {
    const res = await push(body.bytes);
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${body.name}: ${res.statusCode} ${res.body}`);
    const err = res.json() as ErrorBody;
    assert.equal(err.error, body.code, `${body.name}: ${res.body}`);
    assert.match(err.message, body.message, body.name);
  }
  const empty = await push(Buffer.alloc(0));
  assert.equal((empty.json() as ErrorBody).error, 'FW_PROFILE_EMPTY');
  const oversized = await push(Buffer.alloc(LIMIT + 1));
  assert.equal(oversized.statusCode, 413);
  assert.equal((oversized.json() as ErrorBody).error, 'FW_BODY_TOO_LARGE');
  const types = await t.app.inject({ method: 'GET', url: '/api/v1/types?service=hostile&from=0' });
  assert.deepEqual((types.json() as { present: unknown[] }).present, [], 'nothing was stored');
});
