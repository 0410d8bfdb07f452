import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TargetInput } from '../config/target.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { tempStore } from './support/temp-store.js';

const input: TargetInput = {
  service: 'api', url: 'http://127.0.0.5:6060', pathPrefix: '/debug/pprof', labels: { env: 'prod' }, intervalMs: 15_000,
  timeoutMs: 5_000, profiles: ['cpu', 'heap'], cpuSeconds: 10, source: 'api',
};

test('targets, deploy markers and MemStats persist in the database and filter by selector', () => {
  const store = tempStore();
  try {
    const m = store.metadata;
    const a = m.createTarget(input);
    assert.match(a.id, /^[a-z0-9]{8}$/);
    const cfg = m.createTarget({ ...input, service: 'web' });
    assert.notEqual(a.id, cfg.id);
    assert.deepEqual(m.getTarget(a.id), a);
    assert.equal(m.listTargets().length, 2);
    const updated = m.updateTarget(a.id, { ...input, intervalMs: 30_000 });
    assert.equal(updated?.intervalMs, 30_000);
    assert.equal(m.updateTarget('nope', input), undefined);

    m.addDeploy({ timeMs: 1_000, targetId: a.id, service: 'api', reason: 'restart', labelsBefore: { version: 'v1' }, labelsAfter: { version: 'v2' } });
    m.addDeploy({ timeMs: 2_000, targetId: cfg.id, service: 'web', reason: 'labels-changed', labelsBefore: {}, labelsAfter: {} });
    assert.deepEqual(m.listDeploys('{service="api"}', 0, 10_000).map((d) => d.reason), ['restart']);
    assert.equal(m.listDeploys('', 1_500, 10_000).length, 1);

    m.addMemStats({ timeMs: 1_000, targetId: a.id, service: 'api', labels: { env: 'prod' }, values: { HeapAlloc: 10, HeapInuse: 20 } });
    m.addMemStats({ timeMs: 2_000, targetId: a.id, service: 'api', labels: { env: 'dev' }, values: { HeapAlloc: 11 } });
    assert.deepEqual(m.listMemStats('{service="api",env=~"pr.*"}', 0, 10_000).map((p) => p.values), [{ HeapAlloc: 10, HeapInuse: 20 }]);
    assert.equal(m.listMemStats('{service="web"}', 0, 10_000).length, 0);

    store.close();
    const reopened = openSqliteStore(store.path);
    try {
      assert.deepEqual(reopened.metadata.listTargets().map((t) => t.id), [a.id, cfg.id].sort());
      assert.equal(reopened.metadata.getTarget(a.id)?.intervalMs, 30_000);
      assert.equal(reopened.metadata.listMemStats('', 0, 10_000).length, 2);
      assert.equal(reopened.metadata.deleteTarget(a.id), true);
      assert.equal(reopened.metadata.deleteTarget(a.id), false);
    } finally {
      reopened.close();
    }
  } finally {
    store.dispose();
  }
});
