import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { buildApp } from '../api/app.js';
import { resolveLimits } from '../codec/limits.js';
import { NOW } from './support/test-app.js';
import { tempDir } from './support/temp-store.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

test('GET /api/v1/deploys and /api/v1/memstats list what the metadata store holds for the selector and window', async () => {
  const dir = tempDir();
  const stores = openSqliteStore(join(dir, 'fw.db'));
  const app = buildApp({ store: stores.profiles, metadata: stores.metadata, limits: resolveLimits(), tokens: {}, now: () => NOW });
  try {
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/deploys?service=api' })).json(), []);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/memstats?service=api' })).json(), []);
    const marker = stores.metadata.addDeploy({
      timeMs: NOW - 60_000, targetId: 't1', service: 'api', reason: 'restart', labelsBefore: { service: 'api' }, labelsAfter: { service: 'api' },
    });
    stores.metadata.addMemStats({ timeMs: NOW - 30_000, targetId: 't1', service: 'api', labels: { service: 'api' }, values: { HeapAlloc: 1024, NumGC: 3 } });
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/deploys?service=api' })).json(), [marker]);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/deploys?service=other' })).json(), []);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/memstats?query={service=~"a.*"}&from=now-1m' })).json(), [
      { timeMs: NOW - 30_000, targetId: 't1', service: 'api', labels: { service: 'api' }, values: { HeapAlloc: 1024, NumGC: 3 } },
    ]);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/api/v1/memstats?service=api&from=now-10s' })).json(), []);
  } finally {
    await app.close();
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
