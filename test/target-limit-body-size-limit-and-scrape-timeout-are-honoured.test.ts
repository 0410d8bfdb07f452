import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startCollector } from '../collector/start-collector.js';
import type { SignalSource } from '../config/scrape-config-file.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { startFixtureTarget } from './support/fixture-target.js';
import { sleep, waitFor } from './support/hotspots.js';
import { tempDir } from './support/temp-store.js';

test('target_limit holds a whole job back, body_size_limit and scrape_timeout fail single scrapes, naming the limit', async () => {
  const pprof = await startFixtureTarget({
    intercept: (req) => (req.url ?? '').startsWith('/silent/'),
  });
  const dir = tempDir('flamewatch-limits-');
  const file = join(dir, 'flamewatch.yaml');
  writeFileSync(file, `
global: { scrape_interval: 2s }
scrape_configs:
  - job_name: limited
    profiles: [heap]
    target_limit: 2
    static_configs:
      - { targets: ['127.0.0.1:${pprof.port}'], labels: { __pprof_path__: /l1 } }
      - { targets: ['127.0.0.1:${pprof.port}'], labels: { __pprof_path__: /l2 } }
      - { targets: ['127.0.0.1:${pprof.port}'], labels: { __pprof_path__: /l3 } }
  - job_name: small-body
    profiles: [heap]
    body_size_limit: 1KiB
    static_configs: [{ targets: ['127.0.0.1:${pprof.port}'] }]
  - job_name: slow
    profiles: [heap]
    path_prefix: /silent
    scrape_timeout: 500ms
    static_configs: [{ targets: ['127.0.0.1:${pprof.port}'] }]
`);
  const stores = openSqliteStore(':memory:');
  const running = await startCollector({
    profiles: stores.profiles, records: stores.metadata, configFile: file, signals: new EventEmitter() as EventEmitter & SignalSource,
  });
  after(async () => {
    await running.stop();
    stores.close();
    await pprof.close();
  });

  const limited = running.configTargets().filter((t) => t.job === 'limited');
  assert.equal(limited.length, 3, 'the targets over the limit are listed');
  for (const t of limited) {
    assert.equal(running.health(t.id)!.state, 'down');
    assert.match(running.health(t.id)!.lastError!, /target_limit exceeded: 3 targets after relabeling, the limit is 2/);
  }

  const small = `small-body/127.0.0.1:${pprof.port}`;
  assert.ok(await waitFor(() => running.health(small)?.state === 'down', 10_000));
  assert.match(running.health(small)!.lastError!, /(over the compressed-size|past the decompressed-size) limit of 1024 bytes/);

  const slow = `slow/127.0.0.1:${pprof.port}/silent`;
  assert.ok(await waitFor(() => running.health(slow)?.state === 'down', 10_000));
  assert.match(running.health(slow)!.lastError!, /timed out after 500 ms/);

  await sleep(200);
  assert.ok(!pprof.requests.some((r) => /^\/l[123]\//.test(r.url)), 'a job over its target_limit is not scraped at all');
});
