import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';
import { ingestFixture, testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

test('a kind that does not fit, an unqueryable sample type or an out-of-range time is answered 400, never 500, and nothing is stored', async () => {
  const t = await testApp();
  try {
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      return { statusCode: res.statusCode, body: res.json() as ErrorBody };
    };
    // kind=mutex with a CPU profile could never be queried.
    const mutex = await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', 'service=api&kind=mutex&at=now-5m');
    assert.equal(mutex.statusCode, 400);
    assert.deepEqual(mutex.body, {
      error: 'FW_PROFILE_NOT_QUERYABLE', statusCode: 400,
      message: 'profile refused: it could not be queried: kind "mutex" has the sample types delay/nanoseconds, contentions/count, '
        + 'but the profile has samples/count, cpu/nanoseconds',
    });
    // A sample type of another producer must be a type name to be queried as one.
    const odd = encodeMessage(cpuProfileMessage({ stringTable: ['', 'wall time', 'count', 'cpu time', 'nanoseconds', 'main.main', 'main.work', 'main.leaf', 'main.go', '/bin/app'] }));
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/ingest?service=api&at=now-5m', payload: Buffer.from(odd), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(refused.statusCode, 400);
    assert.match((refused.json() as ErrorBody).message, /sample type "wall time" is not a type name/);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/v1/types?from=now-1h' })).json<{ present: unknown[] }>().present, []);

    // A Node.js wall profile (@datadog/pprof) is stored as kind other and answers its own sample types.
    const wall = await ingestFixture(t.app, 'node-wall.pb.gz', 'service=web&at=now-5m');
    assert.equal(wall.statusCode, 201);
    assert.deepEqual({ type: wall.body.type, types: wall.body.types }, { type: 'other', types: ['sample', 'wall'] });

    const far = await get('/api/v1/top?service=web&type=wall&from=99999999999999999');
    assert.equal(far.statusCode, 400);
    assert.deepEqual(far.body, {
      error: 'FW_PARAMETER_INVALID', statusCode: 400,
      message: 'invalid parameter "from": "99999999999999999" is out of range (a time must fall in the years 0000 to 9999)',
    });
    assert.equal((await get('/api/v1/top?service=web&type=wall&to=now-99999999999d')).statusCode, 400);
    // A malformed selector is FW_PARAMETER_INVALID naming the parameter and the position, as the README says.
    const selector = await get(`/api/v1/top?type=cpu&query=${encodeURIComponent('{service=api}')}`);
    assert.equal(selector.body.error, 'FW_PARAMETER_INVALID');
    assert.match(selector.body.message, /^invalid parameter "query": invalid selector at position 9: expected a quoted value/);
  } finally {
    await t.dispose();
  }
});
