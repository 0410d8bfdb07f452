import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../collector/clock.js';
import { Collector } from '../collector/collector.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import { resolveTarget } from '../config/target.js';
import { testApp, NOW } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';
import { tempStore } from './support/temp-store.js';

test('registering the same service, URL and path prefix twice answers 409 FW_TARGET_EXISTS, by POST or PATCH', async () => {
  const t = await testApp();
  try {
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/targets', payload });
    const first = await post({ service: 'api', url: 'http://127.0.0.5:6060', profiles: ['cpu', 'heap'] });
    assert.equal(first.statusCode, 201);
    const id = (first.json() as { id: string }).id;
    // The same endpoints written another way (a trailing slash) are the same target.
    const again = await post({ service: 'api', url: 'http://127.0.0.5:6060/', pathPrefix: '/debug/pprof/', interval: '30s' });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(again.json(), {
      error: 'FW_TARGET_EXISTS', statusCode: 409,
      message: `target "${id}" already scrapes service "api" at http://127.0.0.5:6060/debug/pprof`,
    } satisfies ErrorBody);
    // Another service, port or prefix is another target; changing one into a duplicate is refused too.
    const other = await post({ service: 'api', url: 'http://127.0.0.5:6061' });
    assert.equal(other.statusCode, 201);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/targets/${(other.json() as { id: string }).id}`, payload: { url: 'http://127.0.0.5:6060' } });
    assert.equal(patch.statusCode, 409);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/targets' })).json<unknown[]>().length, 2);
  } finally {
    await t.dispose();
  }
});

test('renaming a target\'s service writes a labels-changed deploy marker naming both services', async () => {
  const store = tempStore();
  const agent = createScrapeAgent();
  const collector = new Collector({ profiles: store.profiles, records: store.metadata, dispatcher: agent, clock: { ...systemClock, now: () => NOW } });
  try {
    const target = { id: 't1', ...resolveTarget({ service: 'checkout', url: 'http://127.0.0.5:6060', labels: { env: 'prod' }, source: 'api' }) };
    collector.upsert(target);
    collector.upsert({ ...target, service: 'payments' });
    const markers = store.metadata.listDeploys('', NOW - 1, NOW + 1);
    assert.deepEqual(markers.map((m) => [m.reason, m.service, m.labelsBefore, m.labelsAfter]),
      [['labels-changed', 'payments', { env: 'prod', service: 'checkout' }, { env: 'prod', service: 'payments' }]]);
  } finally {
    await collector.stop();
    await agent.close();
    store.dispose();
  }
});
