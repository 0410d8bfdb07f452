import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readdirSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from './support/run-cli.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

test('flamewatch serve refuses a bad option or a busy port with one line naming it and exit code 1', async () => {
  const dir = tempDir('flamewatch-serve-bad-');
  try {
    const db = join(dir, 'fw.db');
    const badPort = runCli(['serve', '--db', db, '--port', '70000']);
    assert.equal(badPort.status, 1);
    assert.equal(badPort.stderr, 'flamewatch: invalid server option port: must be <= 65535 [FW_CONFIG_INVALID]\n');
    const badEnv = runCli(['serve', '--db', db], { FLAMEWATCH_PORT: 'http' });
    assert.equal(badEnv.status, 1);
    assert.match(badEnv.stderr, /^flamewatch: invalid server option port: must be integer \[FW_CONFIG_INVALID\]\n$/);
    const badRetention = runCli(['serve', '--db', db, '--retention', 'forever']);
    assert.equal(badRetention.status, 1);
    assert.equal(badRetention.stderr, 'flamewatch: invalid server option --retention: "forever" is not a duration such as 36h or 7d [FW_CONFIG_INVALID]\n');
    const badRetentionEnv = runCli(['serve', '--db', db], { FLAMEWATCH_RETENTION: '-1d' });
    assert.equal(badRetentionEnv.status, 1);
    assert.match(badRetentionEnv.stderr, /invalid server option FLAMEWATCH_RETENTION: "-1d" is not a duration/);
    const badTiers = runCli(['serve', '--db', db, '--retention-minutes', 'soon'], { FLAMEWATCH_RETENTION_HOURS: '1y' });
    assert.equal(badTiers.status, 1);
    assert.match(badTiers.stderr, /invalid server option (--retention-minutes: "soon"|FLAMEWATCH_RETENTION_HOURS: "1y") is not a duration/);

    const missing = runCli(['serve', '--db', db, '--config', join(dir, 'missing.yaml')]);
    assert.equal(missing.status, 1);
    assert.equal(missing.stderr, `flamewatch: cannot read scrape config ${join(dir, 'missing.yaml')}: no such file [FW_CONFIG_FILE_UNREADABLE]\n`);

    const running = await startServeProcess();
    try {
      const port = new URL(running.url).port;
      const newDb = join(dir, 'new', 'fw.db');
      const busy = runCli(['serve', '--db', newDb, '--port', port]);
      assert.equal(busy.status, 1);
      assert.equal(busy.stderr.split('\n').filter(Boolean).at(-1), `flamewatch: cannot listen on 127.0.0.1 port ${port}: the address is in use [FW_LISTEN_FAILED]`);
      // The failed start leaves no new database file (nor the folder it made for it) behind.
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      await running.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
