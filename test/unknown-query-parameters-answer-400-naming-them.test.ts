import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ingestFixture, testApp } from './support/test-app.js';
import type { ErrorBody, TestApp } from './support/test-app.js';

let t: TestApp;
before(async () => {
  t = await testApp();
  assert.equal((await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', 'service=api&at=now-5m')).statusCode, 201);
});
after(async () => { await t.dispose(); });

async function refusal(url: string, method: 'GET' | 'POST' = 'GET'): Promise<ErrorBody> {
  const res = await t.app.inject({ method, url, headers: { 'content-type': 'application/octet-stream' }, payload: method === 'POST' ? Buffer.from('x') : undefined });
  assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
  return res.json() as ErrorBody;
}

test('a misspelt parameter is refused naming it and listing the known ones, instead of answering for everything', async () => {
  const err = await refusal('/api/v1/top?sevice=api&type=cpu');
  assert.equal(err.error, 'FW_PARAMETER_UNKNOWN');
  assert.match(err.message, /"sevice"/);
  assert.match(err.message, /GET \/api\/v1\/top/);
  assert.match(err.message, /known: .*\bservice\b/);
  const two = await refusal('/api/v1/flamegraph?type=cpu&fromm=now-1h&maxnodes=5');
  assert.match(two.message, /"fromm", "maxnodes"/);
});

test('every API route refuses unknown parameters, those without any too; writes store nothing', async () => {
  for (const url of ['/api/v1/targets?service=api', '/api/v1/labels?servce=api', '/api/v1/diff?type=cpu&baseFrom=now-2h&normalise=true',
    '/api/v1/profile?type=cpu&seconds=30', '/api/v1/labels/service/values?q=1']) {
    assert.equal((await refusal(url)).error, 'FW_PARAMETER_UNKNOWN', url);
  }
  assert.equal((await refusal('/api/v1/ingest?service=api&lables=env=prod', 'POST')).error, 'FW_PARAMETER_UNKNOWN');
  const top = await t.app.inject({ method: 'GET', url: '/api/v1/top?service=api&type=cpu&from=now-1h' });
  assert.equal((top.json() as { profiles: number }).profiles, 1, 'the refused push stored nothing');
});

test('known parameters still work, and routes outside the API take any', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/top?service=api&type=cpu&limit=3&granularity=line' })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/healthz?probe=1' })).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'GET', url: '/metrics?name[]=x' })).statusCode, 200);
});
