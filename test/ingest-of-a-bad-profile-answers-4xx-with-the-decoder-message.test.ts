import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { fixtureBytes, testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('a profile the decoder refuses is answered with the catalogue\'s code, status and message', async () => {
  const t = await testApp();
  try {
    const good = fixtureBytes('hotspots.cpu.1.pb.gz');
    const post = (payload: Buffer, query = 'service=api') => t.app.inject({
      method: 'POST', url: `/api/v1/ingest?${query}`, payload, headers: { 'content-type': 'application/octet-stream' },
    });
    const truncated = await post(good.subarray(0, good.length - 20));
    assert.equal(truncated.statusCode, 400);
    assert.equal((truncated.json() as ErrorBody).error, 'FW_PROFILE_GZIP_INVALID');

    const empty = await post(Buffer.alloc(0));
    assert.equal(empty.statusCode, 400, empty.body);
    assert.deepEqual(empty.json(), { error: 'FW_PROFILE_EMPTY', message: 'profile is empty (0 bytes)', statusCode: 400 });

    const garbage = await post(gzipSync(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])));
    assert.equal(garbage.statusCode, 400);
    assert.match((garbage.json() as ErrorBody).error, /^FW_PROFILE_/);

    const noService = await post(good, 'labels=env=prod');
    assert.equal(noService.statusCode, 400);
    assert.match((noService.json() as ErrorBody).message, /^invalid parameter "service"/);

    const badLabels = await post(good, 'service=api&labels=env');
    assert.match((badLabels.json() as ErrorBody).message, /^invalid parameter "labels": "env" is not k=v/);
    const badAt = await post(good, 'service=api&at=soon');
    assert.match((badAt.json() as ErrorBody).message, /^invalid parameter "at"/);
    const badKind = await post(good, 'service=api&kind=wall');
    assert.match((badKind.json() as ErrorBody).message, /^invalid parameter "kind": must be one of: cpu, heap, goroutine, block, mutex/);
  } finally {
    await t.dispose();
  }
});
