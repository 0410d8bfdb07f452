import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Collector } from '../collector/collector.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import { resolveTarget } from '../config/target.js';
import type { Target } from '../config/target.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { HotspotsRunner, goAvailable, sleep, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
const runner = new HotspotsRunner();
const dir = mkdtempSync(join(tmpdir(), 'flamewatch-collector-'));
const agent = createScrapeAgent();
const sockets = new Set<Socket>();
let silent: Server;
let stores: SqliteStores;
let collector: Collector;
let live: Target;
let mute: Target;
const heapProfiles = (): number =>
  stores.profiles.types('{service="live"}', 0, Date.now() + 1000).find((t) => t.type === 'inuse_space')?.profiles ?? 0;
let liveBefore = 0;

before(async () => {
  if (!hasGo) return;
  runner.build();
  const go = await runner.start();
  silent = createServer((socket) => { sockets.add(socket); socket.resume(); });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as { port: number }).port;
  stores = openSqliteStore(join(dir, 'fw.db'));
  collector = new Collector({ profiles: stores.profiles, records: stores.metadata, dispatcher: agent });
  live = stores.metadata.createTarget(resolveTarget({ service: 'live', url: go.url, intervalMs: 1000, profiles: ['heap'], source: 'api' }));
  mute = stores.metadata.createTarget(resolveTarget({
    service: 'mute', url: `http://127.0.0.1:${port}`, intervalMs: 2000, timeoutMs: 1000, profiles: ['heap', 'goroutine'], source: 'api',
  }));
  collector.upsert(live);
  collector.upsert(mute);
  collector.start();
  await waitFor(() => collector.health(mute.id)?.state === 'down', 6_000);
  liveBefore = heapProfiles();
  await sleep(2500);
});

after(async () => {
  await collector?.stop();
  await agent.close();
  stores?.close();
  for (const s of sockets) s.destroy();
  silent?.close();
  await runner.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('a target that never answers is down at its timeout while the others keep being scraped', { timeout: 30_000 }, (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  const h = collector.health(mute.id)!;
  assert.equal(h.state, 'down');
  assert.match(h.lastError ?? '', /timed out after 1000 ms/);
  assert.ok(h.consecutiveFailures >= 2, `${h.consecutiveFailures} consecutive failures`);
  assert.ok(h.lastDurationMs! >= 950 && h.lastDurationMs! < 1800, `failed after ${h.lastDurationMs} ms`);
  assert.equal(collector.health(live.id)?.state, 'up');
  assert.ok(heapProfiles() >= liveBefore + 2, `live target: ${liveBefore} heap profiles, then ${heapProfiles()}`);
});
