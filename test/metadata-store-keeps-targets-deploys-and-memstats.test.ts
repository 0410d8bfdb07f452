import assert from 'node:assert/strict';
import type { TargetInput } from '../config/target.js';
import { backendTest } from './support/store-backends.js';

const input: TargetInput = {
  service: 'api', url: 'http://127.0.0.5:6060', pathPrefix: '/debug/pprof', labels: { env: 'prod' }, intervalMs: 15_000,
  timeoutMs: 5_000, profiles: ['cpu', 'heap'], cpuSeconds: 10, source: 'api',
};

backendTest('targets, deploy markers, MemStats and scrape health persist in the database and filter by selector', {}, async (store) => {
  const m = store.metadata;
  const a = await m.createTarget(input);
  assert.match(a.id, /^[a-z0-9]{8}$/);
  const cfg = await m.createTarget({ ...input, service: 'web' });
  assert.notEqual(a.id, cfg.id);
  assert.deepEqual(await m.getTarget(a.id), a);
  assert.equal((await m.listTargets()).length, 2);
  const updated = await m.updateTarget(a.id, { ...input, intervalMs: 30_000 });
  assert.equal(updated?.intervalMs, 30_000);
  assert.equal(await m.updateTarget('nope', input), undefined);

  await m.addDeploy({ timeMs: 1_000, targetId: a.id, service: 'api', reason: 'restart', labelsBefore: { version: 'v1' }, labelsAfter: { version: 'v2' } });
  await m.addDeploy({ timeMs: 2_000, targetId: cfg.id, service: 'web', reason: 'labels-changed', labelsBefore: {}, labelsAfter: {} });
  assert.deepEqual((await m.listDeploys('{service="api"}', 0, 10_000)).map((d) => d.reason), ['restart']);
  assert.deepEqual((await m.listDeploys('{version=~"v1|v9"}', 0, 10_000)).map((d) => d.labelsAfter), [{ version: 'v2' }], 'the labels before count too');
  assert.equal((await m.listDeploys('', 1_500, 10_000)).length, 1);

  await m.addMemStats({ timeMs: 1_000, targetId: a.id, service: 'api', labels: { env: 'prod' }, values: { HeapAlloc: 10, HeapInuse: 20 } });
  await m.addMemStats({ timeMs: 2_000, targetId: a.id, service: 'api', labels: { env: 'dev' }, values: { HeapAlloc: 11 } });
  assert.deepEqual((await m.listMemStats('{service="api",env=~"pr.*"}', 0, 10_000)).map((p) => p.values), [{ HeapAlloc: 10, HeapInuse: 20 }]);
  assert.equal((await m.listMemStats('{service="web"}', 0, 10_000)).length, 0);

  const ok = { targetId: a.id, profile: 'cpu', ok: true, atMs: 5_000, durationMs: 1_200, bytes: 4096, error: null, consecutiveFailures: 0 };
  await m.recordHealth({ ...ok, atMs: 4_000, ok: false, bytes: null, error: 'refused', consecutiveFailures: 3 });
  await m.recordHealth(ok);
  await m.recordHealth({ ...ok, profile: 'heap', ok: false, bytes: null, error: 'GET /heap answered status 500', consecutiveFailures: 2 });
  const health = [ok, { ...ok, profile: 'heap', ok: false, bytes: null, error: 'GET /heap answered status 500', consecutiveFailures: 2 }];
  assert.deepEqual(await m.listHealth(), health, 'the latest outcome of each profile');

  await store.reopen();
  const reopened = store.metadata;
  assert.deepEqual((await reopened.listTargets()).map((t) => t.id), [a.id, cfg.id].sort());
  assert.equal((await reopened.getTarget(a.id))?.intervalMs, 30_000);
  assert.equal((await reopened.listMemStats('', 0, 10_000)).length, 2);
  assert.deepEqual(await reopened.listHealth(), health);
  assert.equal(await reopened.deleteTarget(a.id), true);
  assert.equal(await reopened.deleteTarget(a.id), false);
  assert.deepEqual((await reopened.listTargets()).map((t) => t.id), [cfg.id]);
});
