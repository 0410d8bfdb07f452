import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NOW, ingestFixture, testApp } from './support/test-app.js';
import type { ErrorBody, TestApp } from './support/test-app.js';

let t: TestApp;
before(async () => {
  t = await testApp();
  await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&at=${NOW - 60_000}`);
});
after(() => t.dispose());

const ok = 'service=api&type=cpu';

/** [url, the parameter the 400 must name] */
const cases: [string, string][] = [
  [`/api/v1/top?${ok}&from=yesterday`, 'from'],
  [`/api/v1/top?${ok}&to=now-5x`, 'to'],
  [`/api/v1/top?${ok}&from=now&to=now-1h`, 'from'],
  [`/api/v1/top?${ok}&limit=0`, 'limit'],
  [`/api/v1/top?${ok}&limit=abc`, 'limit'],
  [`/api/v1/top?${ok}&granularity=file`, 'granularity'],
  [`/api/v1/top?${ok}&agg=max`, 'agg'],
  [`/api/v1/top?service=api`, 'type'],
  [`/api/v1/top?service=api&type=cpux`, 'type'],
  [`/api/v1/top?type=cpu&query=${encodeURIComponent('{service=')}`, 'query'],
  [`/api/v1/top?type=cpu&service=api&query=${encodeURIComponent('service="x"')}`, 'query'],
  [`/api/v1/flamegraph?${ok}&maxNodes=0`, 'maxNodes'],
  [`/api/v1/flamegraph?${ok}&maxNodes=1000000000`, 'maxNodes'],
  [`/api/v1/list?${ok}`, 'function'],
  [`/api/v1/list?${ok}&function=`, 'function'],
  [`/api/v1/diff?${ok}`, 'baseFrom'],
  [`/api/v1/diff?${ok}&baseFrom=later`, 'baseFrom'],
  [`/api/v1/diff?${ok}&baseFrom=now-2h&baseTo=nope`, 'baseTo'],
  [`/api/v1/diff?${ok}&baseFrom=now-2h&normalize=maybe`, 'normalize'],
  [`/api/v1/diff?${ok}&baseFrom=now-2h&baseQuery=${encodeURIComponent('{a!}')}`, 'baseQuery'],
  [`/api/v1/profile?${ok}&from=x`, 'from'],
  [`/api/v1/profile?service=api&type=heap`, 'type'],
  [`/api/v1/series?${ok}&step=fast`, 'step'],
  [`/api/v1/series?${ok}&step=0s`, 'step'],
  [`/api/v1/series?${ok}&from=0&step=1ms`, 'step'],
  [`/api/v1/types?from=soon`, 'from'],
  [`/api/v1/labels?to=later`, 'to'],
  [`/api/v1/labels/9bad/values`, 'name'],
  [`/api/v1/deploys?query=${encodeURIComponent('{')}`, 'query'],
  [`/api/v1/memstats?from=tomorrow`, 'from'],
];

test('every query route answers 400 FW_PARAMETER_INVALID naming the bad parameter and why', async () => {
  for (const [url, param] of cases) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    const body = res.json() as ErrorBody;
    assert.equal(body.error, 'FW_PARAMETER_INVALID', url);
    assert.equal(body.statusCode, 400);
    assert.match(body.message, new RegExp(`^invalid parameter "${param}": \\S`), `${url}: ${body.message}`);
  }
});
