import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

const base = { service: 'api', url: 'http://127.0.0.5:6060' };

const SCHEMA = 'FW_PARAMETER_INVALID', RULE = 'FW_TARGET_INVALID';

/** [body, the field the 400 must name, the code: the body's shape, or the target rules every target passes] */
const cases: [Record<string, unknown>, string, string][] = [
  [{ url: base.url }, 'service', SCHEMA],
  [{ service: 'api' }, 'url', SCHEMA],
  [{ ...base, url: 'ftp://127.0.0.5' }, 'url', RULE],
  [{ ...base, url: 'not a url' }, 'url', RULE],
  [{ ...base, url: 'http://127.0.0.5:6060/?x=1' }, 'url', RULE],
  [{ ...base, pathPrefix: 'debug/pprof' }, 'pathPrefix', SCHEMA],
  [{ ...base, interval: 'often' }, 'interval', SCHEMA],
  [{ ...base, interval: -5 }, 'interval', SCHEMA],
  [{ ...base, timeout: '1h' }, 'timeout', RULE],
  [{ ...base, profiles: [] }, 'profiles', SCHEMA],
  [{ ...base, profiles: ['cpu', 'wall'] }, 'profiles.1', SCHEMA],
  [{ ...base, cpuSeconds: 0 }, 'cpuSeconds', SCHEMA],
  [{ ...base, cpuSeconds: 15 }, 'cpuSeconds', RULE],
  [{ ...base, interval: '1s' }, 'interval', RULE],
  [{ ...base, labels: { '1x': 'a' } }, 'labels', RULE],
  [{ ...base, color: 'blue' }, 'color', SCHEMA],
];

test('a bad target is answered 400 naming the field and why', async () => {
  const t = await testApp();
  try {
    for (const [payload, field, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload });
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      const body = res.json() as ErrorBody;
      assert.equal(body.error, code, `${JSON.stringify(payload)}: ${body.message}`);
      const prefix = code === SCHEMA ? 'invalid parameter' : 'invalid target field';
      assert.match(body.message, new RegExp(`^${prefix} "${field.replace('.', '\\.')}": \\S`), `${JSON.stringify(payload)}: ${body.message}`);
    }
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: '{"service":', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.statusCode, 400);
    assert.match((notJson.json() as ErrorBody).message, /^invalid parameter "body"/);
  } finally {
    await t.dispose();
  }
});
