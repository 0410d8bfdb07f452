import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { targetKey } from '../codec/identity.js';
import type { TargetInput } from '../config/target.js';
import { openClickHouseStore } from '../store/clickhouse/open-clickhouse-store.js';
import { dropDatabase, freshDatabaseName, sharedClickHouseUrl } from './support/clickhouse-server.js';
import { backendSkip, backendTest } from './support/store-backends.js';
import { tempDir } from './support/temp-store.js';

const input: TargetInput = {
  service: 'api', url: 'http://127.0.0.5:6060', pathPrefix: '/debug/pprof', labels: {}, intervalMs: 15_000,
  timeoutMs: 5_000, profiles: ['cpu', 'heap'], cpuSeconds: 10, source: 'api',
};
const ids = async (found: Promise<{ id: string }[]> | { id: string }[]) => (await found).map((t) => t.id);

backendTest('a stored target is found by its identity key, and only by its current one', {}, async (store) => {
  const m = store.metadata;
  const a = await m.createTarget(input);
  const other = await m.createTarget({ ...input, service: 'web' });
  // The key is the duplicate rule's: the same URL with a trailing slash is the same target.
  assert.deepEqual(await ids(m.targetsWithKey(targetKey({ ...input, url: 'http://127.0.0.5:6060/', pathPrefix: '/debug/pprof/' }))), [a.id]);
  assert.deepEqual(await ids(m.targetsWithKey(targetKey(other))), [other.id]);
  assert.deepEqual(await ids(m.targetsWithKey(targetKey({ ...input, service: 'nobody' }))), []);

  // A change of URL moves it to its new key; other changes keep it under its key.
  await m.updateTarget(a.id, { ...input, url: 'http://127.0.0.6:6060' });
  assert.deepEqual(await ids(m.targetsWithKey(targetKey(input))), []);
  assert.deepEqual(await ids(m.targetsWithKey(targetKey({ ...input, url: 'http://127.0.0.6:6060' }))), [a.id]);
  await m.updateTarget(a.id, { ...input, url: 'http://127.0.0.6:6060', intervalMs: 30_000 });
  assert.equal((await m.targetsWithKey(targetKey({ ...input, url: 'http://127.0.0.6:6060' })))[0]?.intervalMs, 30_000);

  await store.reopen();
  assert.deepEqual(await ids(store.metadata.targetsWithKey(targetKey({ ...input, url: 'http://127.0.0.6:6060' }))), [a.id], 'after reopening');
  assert.equal(await store.metadata.deleteTarget(a.id), true);
  assert.deepEqual(await ids(store.metadata.targetsWithKey(targetKey({ ...input, url: 'http://127.0.0.6:6060' }))), [], 'a deleted target is gone');
  assert.deepEqual(await ids(store.metadata.targetsWithKey(targetKey(other))), [other.id]);
});

test('a ClickHouse database written before targets had a key column finds its targets by key once opened', { skip: backendSkip('clickhouse') }, async () => {
  const url = await sharedClickHouseUrl();
  const database = freshDatabaseName();
  const dir = tempDir('flamewatch-clickhouse-key-');
  const location = { urls: [url], database };
  const options = { flushDelayMs: 1, secretKeyFile: join(dir, 'secret.key') };
  const exec = async (query: string) => {
    const res = await fetch(`${url}/?database=${database}`, { method: 'POST', body: query });
    assert.equal(res.status, 200, await res.text());
  };
  try {
    await (await openClickHouseStore(location, options)).close();
    // The database as the first schema version left it: no key column, one target written without it.
    await exec('ALTER TABLE targets DROP COLUMN target_key');
    await exec('DROP TABLE schema_migrations');
    await exec('CREATE TABLE schema_migrations (version UInt32, applied_ms Int64) ENGINE = MergeTree ORDER BY version');
    await exec('INSERT INTO schema_migrations VALUES (1, 0)');
    const old = { ...input, id: 'oldtarg1' };
    await exec(`INSERT INTO targets (id, version, deleted, spec) VALUES ('oldtarg1', 1, 0, '${JSON.stringify(old)}')`);

    const stores = await openClickHouseStore(location, options);
    try {
      assert.deepEqual(await ids(stores.metadata.targetsWithKey(targetKey(input))), ['oldtarg1']);
      assert.deepEqual(await stores.metadata.getTarget('oldtarg1'), old);
      const added = await stores.metadata.createTarget({ ...input, service: 'web' });
      assert.deepEqual(await ids(stores.metadata.listTargets()), [added.id, 'oldtarg1'].sort());
    } finally {
      await stores.close();
    }
    // Opening it again migrates nothing twice.
    await (await openClickHouseStore(location, options)).close();
  } finally {
    await dropDatabase(url, database);
    rmSync(dir, { recursive: true, force: true });
  }
});
