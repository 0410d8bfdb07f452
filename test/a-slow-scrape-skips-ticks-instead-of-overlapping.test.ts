import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import { Agent } from 'undici';
import { collectorMetrics } from '../collector/collector-metrics.js';
import { Collector } from '../collector/collector.js';
import { createMetrics } from '../common/metrics.js';
import { resolveTarget } from '../config/target.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { fixture } from './support/fixtures.js';
import { sleep } from './support/hotspots.js';

const cpu = readFileSync(fixture('hotspots.cpu.1.pb.gz'));
const agent = new Agent();
const metrics = createMetrics({ processMetrics: false });
let server: Server;
let stores: SqliteStores;
let collector: Collector;
let active = 0, maxActive = 0, requests = 0;
let skipped = 0;

before(async () => {
  server = createServer((req, res) => {
    if (!req.url?.startsWith('/debug/pprof/profile?seconds=1')) { res.writeHead(404).end(); return; }
    requests++;
    active++;
    maxActive = Math.max(maxActive, active);
    setTimeout(() => { active--; res.end(cpu); }, 2600);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  stores = openSqliteStore(':memory:');
  collector = new Collector({
    profiles: stores.profiles, records: stores.metadata, dispatcher: agent, metrics: collectorMetrics(metrics),
    observer: { skipped: (_id, _job, n) => { skipped += n; } },
  });
  collector.upsert({ id: 'slow', ...resolveTarget({ service: 'slow', url, intervalMs: 2000, cpuSeconds: 1, profiles: ['cpu'] }) });
  collector.start();
  await sleep(7000);
});

after(async () => {
  await collector.stop();
  await agent.close();
  stores.close();
  server.closeAllConnections();
  server.close();
});

test('a scrape slower than the interval skips ticks (counted) and never runs twice at once', { timeout: 20_000 }, async () => {
  assert.equal(maxActive, 1, 'one CPU profile at a time');
  assert.ok(requests >= 2, `${requests} scrapes`);
  assert.ok(skipped >= 1, `${skipped} ticks skipped`);
  const text = await metrics.registry.metrics();
  assert.match(text, /flamewatch_scrape_skipped_ticks_total\{target="slow",profile="cpu"\} [1-9]/);
  assert.match(text, /flamewatch_scrapes_total\{target="slow",profile="cpu",outcome="ok"\} [1-9]/);
  assert.equal(collector.health('slow')?.state, 'up');
});
