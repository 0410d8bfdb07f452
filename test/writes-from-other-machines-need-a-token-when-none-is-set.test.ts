import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureBytes, testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

const target = { method: 'POST' as const, url: '/api/v1/targets', payload: { service: 'api', url: 'http://127.0.0.1:6060' } };
const ingest = {
  method: 'POST' as const, url: '/api/v1/ingest?service=api', payload: fixtureBytes('hotspots.cpu.1.pb.gz'),
  headers: { 'content-type': 'application/octet-stream' },
};

test('without a write token, writes from other addresses answer 401 saying how to set one; loopback clients write, anyone reads', async () => {
  const t = await testApp({ tokens: {} });
  try {
    for (const remoteAddress of ['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7', 'fd00::1']) {
      for (const write of [target, ingest]) {
        const res = await t.app.inject({ ...write, remoteAddress });
        assert.equal(res.statusCode, 401, `${write.url} from ${remoteAddress}: ${res.body}`);
        const err = res.json() as ErrorBody;
        assert.equal(err.error, 'FW_UNAUTHORIZED');
        assert.match(err.message, /FLAMEWATCH_TOKEN/);
      }
      const forwarded = await t.app.inject({ ...target, remoteAddress, headers: { 'x-forwarded-for': '127.0.0.1' } });
      assert.equal(forwarded.statusCode, 401, 'a forwarding header does not make a client local');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/targets', remoteAddress })).statusCode, 200, 'reads stay open');
    }
    for (const [i, remoteAddress] of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].entries()) {
      // Each push at its own time: the same profile at the same time again would be a repeat (200).
      const push = { ...ingest, url: `${ingest.url}&at=now-${i + 1}m` };
      assert.equal((await t.app.inject({ ...push, remoteAddress })).statusCode, 201, `ingest from ${remoteAddress}`);
    }
  } finally {
    await t.dispose();
  }
});

test('with a write token, other addresses write with it', async () => {
  const t = await testApp({ tokens: { write: 's3cret' } });
  try {
    const res = await t.app.inject({ ...target, remoteAddress: '10.0.0.7', headers: { authorization: 'Bearer s3cret' } });
    assert.equal(res.statusCode, 201, res.body);
    const wrong = await t.app.inject({ ...target, remoteAddress: '10.0.0.7', headers: { authorization: 'Bearer s3cre' } });
    assert.equal(wrong.statusCode, 401);
  } finally {
    await t.dispose();
  }
});
