import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TargetEvents } from '../api/target-events.js';
import type { TargetChange } from '../collector/target-changes.js';
import { testApp } from './support/test-app.js';

test('creating, patching and deleting a target emits one change each, after it is stored', async () => {
  const events = new TargetEvents();
  const seen: [TargetChange['type'], string, number][] = [];
  const t = await testApp({ targetEvents: events });
  events.on('change', (c) => seen.push([c.type, c.target.id, c.target.intervalMs]));
  try {
    assert.equal(t.app.targetEvents, events);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/targets', payload: { service: 'api', url: 'http://a:1' } });
    const id = (created.json() as { id: string }).id;
    await t.app.inject({ method: 'PATCH', url: `/api/v1/targets/${id}`, payload: { interval: '1m' } });
    await t.app.inject({ method: 'PATCH', url: `/api/v1/targets/${id}`, payload: { interval: 'bad' } });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/targets/${id}` });
    assert.deepEqual(seen, [['created', id, 15_000], ['updated', id, 60_000], ['deleted', id, 60_000]]);
  } finally {
    await t.dispose();
  }
});
