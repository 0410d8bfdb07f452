import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

const base = { service: 'api', url: 'http://127.0.0.5:6060' };

/** [body, the field the 400 must name] */
const cases: [Record<string, unknown>, string][] = [
  [{ url: base.url }, 'service'],
  [{ service: 'api' }, 'url'],
  [{ ...base, url: 'ftp://127.0.0.5' }, 'url'],
  [{ ...base, url: 'not a url' }, 'url'],
  [{ ...base, url: 'http://127.0.0.5:6060/?x=1' }, 'url'],
  [{ ...base, pathPrefix: 'debug/pprof' }, 'pathPrefix'],
  [{ ...base, interval: 'often' }, 'interval'],
  [{ ...base, interval: -5 }, 'interval'],
  [{ ...base, timeout: '1h' }, 'timeout'],
  [{ ...base, profiles: [] }, 'profiles'],
  [{ ...base, profiles: ['cpu', 'wall'] }, 'profiles.1'],
  [{ ...base, cpuSeconds: 0 }, 'cpuSeconds'],
  [{ ...base, cpuSeconds: 15 }, 'cpuSeconds'],
  [{ ...base, interval: '1s' }, 'interval'],
  [{ ...base, labels: { '1x': 'a' } }, 'labels'],
  [{ ...base, color: 'blue' }, 'color'],
];

test('a bad target is answered 400 naming the field and why', async () => {
  const t = await testApp();
  try {
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload });
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      const body = res.json() as ErrorBody;
      assert.equal(body.error, 'FW_PARAMETER_INVALID');
      assert.match(body.message, new RegExp(`^invalid parameter "${field.replace('.', '\\.')}": \\S`), `${JSON.stringify(payload)}: ${body.message}`);
    }
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: '{"service":', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.statusCode, 400);
    assert.match((notJson.json() as ErrorBody).message, /^invalid parameter "body"/);
  } finally {
    await t.dispose();
  }
});
