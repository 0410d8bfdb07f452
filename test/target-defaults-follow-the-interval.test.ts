import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';

test('a target gets /debug/pprof, 15s, timeout = interval, [cpu, heap] and cpuSeconds = interval − 1s (at least 1)', async () => {
  const t = await testApp();
  try {
    let n = 0;
    // Each target scrapes another service: the same service, URL and prefix twice would be a duplicate (409).
    const post = async (payload: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: { service: `api${n++}`, url: 'https://api.internal:6060/', ...payload } });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as Record<string, unknown>;
    };
    const plain = await post({});
    assert.equal(plain['url'], 'https://api.internal:6060');
    assert.equal(plain['pathPrefix'], '/debug/pprof');
    assert.equal(plain['interval'], '15s');
    assert.equal(plain['timeout'], '15s');
    assert.deepEqual(plain['profiles'], ['cpu', 'heap']);
    assert.equal(plain['cpuSeconds'], 14);

    const minute = await post({ interval: 60 });
    assert.equal(minute['interval'], '1m');
    assert.equal(minute['cpuSeconds'], 59);

    const short = await post({ interval: '1500ms', profiles: ['heap'] });
    assert.equal(short['cpuSeconds'], 1);
    assert.equal(short['timeout'], '1500ms');

    const explicit = await post({ interval: '1m', timeout: '20s', cpuSeconds: 10 });
    assert.equal(explicit['timeout'], '20s');
    assert.equal(explicit['cpuSeconds'], 10);
  } finally {
    await t.dispose();
  }
});
