import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import { Agent } from 'undici';
import { Collector } from '../collector/collector.js';
import { DEFAULTS } from '../config/defaults.js';
import { resolveTarget } from '../config/target.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { fixture } from './support/fixtures.js';
import { sleep } from './support/hotspots.js';

const heap = readFileSync(fixture('hotspots.heap.pb.gz'));
const text = readFileSync(fixture('hotspots.heap-debug1.txt'));
const TARGETS = 12;
const agent = new Agent();
let server: Server;
let stores: SqliteStores;
let collector: Collector;
let active = 0, maxActive = 0;
const textsServed = new Set<string>();

// heap?debug=1 of a large service is megabytes of text: here every text takes 1.5 s to come,
// and twelve targets scraped every 2 s would stream about nine at once if nothing held them back.
before(async () => {
  server = createServer((req, res) => {
    const m = /^\/(t\d+)\/debug\/pprof\/heap(\?debug=1)?$/.exec(req.url ?? '');
    if (m === null) { res.writeHead(404).end(); return; }
    if (m[2] === undefined) { res.end(heap); return; }
    active++;
    maxActive = Math.max(maxActive, active);
    setTimeout(() => { active--; textsServed.add(m[1]!); res.end(text); }, 1500);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  stores = openSqliteStore(':memory:');
  collector = new Collector({ profiles: stores.profiles, records: stores.metadata, dispatcher: agent });
  for (let i = 0; i < TARGETS; i++) {
    collector.upsert({ id: `t${i}`, ...resolveTarget({ service: 'api', url, pathPrefix: `/t${i}/debug/pprof`, labels: { instance: `t${i}` }, intervalMs: 2000, profiles: ['heap'] }) });
  }
  collector.start();
  for (let waited = 0; textsServed.size < TARGETS && waited < 20_000; waited += 250) await sleep(250);
  await sleep(500);
});

after(async () => {
  await collector.stop();
  await agent.close();
  stores.close();
  server.closeAllConnections();
  server.close();
});

test('targets starting together stream a few MemStats texts at once, and each gets its own reading', { timeout: 40_000 }, async () => {
  const limit = DEFAULTS.target.memStatsConcurrency;
  assert.ok(maxActive <= limit, `${maxActive} texts streamed at once, at most ${limit}`);
  assert.ok(maxActive >= 2, `${maxActive} texts streamed at once`);
  assert.equal(textsServed.size, TARGETS, 'every target had its text fetched');
  const points = await stores.metadata.listMemStats('{service="api"}', 0, Date.now() + 1000);
  const targets = new Set(points.map((p) => p.targetId));
  assert.equal(targets.size, TARGETS, `MemStats of ${[...targets].sort().join(', ')}`);
  assert.ok(points.every((p) => p.values['HeapAlloc']! > 0), 'readings parsed');
});
