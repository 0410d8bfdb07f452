import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveLimits } from '../codec/limits.js';
import { fixtureBytes, testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('an ingest body over the decoder\'s compressed-size limit answers 413 FW_BODY_TOO_LARGE', async () => {
  const bytes = fixtureBytes('hotspots.cpu.1.pb.gz');
  const t = await testApp({ limits: resolveLimits({ maxCompressedBytes: bytes.length - 1 }) });
  try {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/ingest?service=api', payload: bytes, headers: { 'content-type': 'application/octet-stream' },
    });
    assert.equal(res.statusCode, 413, res.body);
    assert.deepEqual(res.json(), {
      error: 'FW_BODY_TOO_LARGE', message: `request body is over the limit of ${bytes.length - 1} bytes`, statusCode: 413,
    } satisfies ErrorBody);
  } finally {
    await t.dispose();
  }
});
