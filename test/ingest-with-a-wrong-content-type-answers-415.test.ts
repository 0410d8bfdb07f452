import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureBytes, testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('an ingest body that is not application/octet-stream answers 415 FW_UNSUPPORTED_MEDIA_TYPE', async () => {
  const t = await testApp();
  try {
    const bytes = fixtureBytes('hotspots.cpu.1.pb.gz');
    for (const [contentType, payload] of [['application/json', '{"a":1}'], ['text/plain', 'x'], ['image/png', bytes]] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest?service=api', payload, headers: { 'content-type': contentType } });
      assert.equal(res.statusCode, 415, `${contentType}: ${res.body}`);
      assert.equal((res.json() as ErrorBody).error, 'FW_UNSUPPORTED_MEDIA_TYPE');
      // The message names only what ingest accepts.
      assert.match((res.json() as ErrorBody).message, /\(expected application\/octet-stream\)$/);
    }
  } finally {
    await t.dispose();
  }
});
