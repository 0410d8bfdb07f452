import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dropDatabase, freshDatabaseName, sharedClickHouseUrl } from './support/clickhouse-server.js';
import { pushProfile, startFlamewatch } from './support/serve-process.js';
import { backendSkip } from './support/store-backends.js';
import { tempDir } from './support/temp-store.js';
import { fixtureBytes } from './support/test-app.js';

test('serve stores in the ClickHouse of FLAMEWATCH_CLICKHOUSE_URL and _DATABASE, and another serve given the same store in its config file reads what it stored', {
  skip: backendSkip('clickhouse'), timeout: 60_000,
}, async () => {
  const url = await sharedClickHouseUrl();
  const database = freshDatabaseName();
  const dir = tempDir('flamewatch-clickhouse-config-');
  const key = join(dir, 'secret.key');
  const config = join(dir, 'scrape.yaml');
  writeFileSync(config, `storage:\n  clickhouse:\n    url: ${url}\n    database: ${database}\n  secret_key_file: ${key}\nscrape_configs: []\n`);
  const fromEnv = await startFlamewatch(['serve', '--db', join(dir, 'env', 'fw.db'), '--port', '0', '--no-collector'], {
    FLAMEWATCH_CLICKHOUSE_URL: url, FLAMEWATCH_CLICKHOUSE_DATABASE: database, FLAMEWATCH_SECRET_KEY_FILE: key,
  });
  const fromFile = await startFlamewatch(['serve', '--db', join(dir, 'file', 'fw.db'), '--port', '0', '--config', config, '--no-collector']);
  try {
    const res = await pushProfile(fromEnv.url, fixtureBytes('hotspots.cpu.1.pb.gz'), 'service=api&at=now-5m');
    assert.equal(res.status, 201, await res.text());
    const top = async (server: string) => (await fetch(`${server}/api/v1/top?service=api&type=cpu&from=now-1h`)).json() as Promise<{ profiles: number; total: number }>;
    const [a, b] = [await top(fromEnv.url), await top(fromFile.url)];
    assert.equal(a.profiles, 1);
    assert.deepEqual(b, a, 'the replica of the config file reads the same store');
    assert.ok(!existsSync(join(dir, 'env')) && !existsSync(join(dir, 'file')), 'no SQLite file or folder is made');
  } finally {
    await fromEnv.stop();
    await fromFile.stop();
    await dropDatabase(url, database);
    rmSync(dir, { recursive: true, force: true });
  }
});
