import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Collector } from '../collector/collector.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import { resolveTargetSpec } from '../collector/target-spec.js';
import { top } from '../query/top.js';
import type { Target } from '../store/metadata-store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { HotspotsRunner, goAvailable, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
const runner = new HotspotsRunner();
const dir = mkdtempSync(join(tmpdir(), 'flamewatch-collector-'));
const agent = createScrapeAgent();
let stores: SqliteStores;
let collector: Collector;
let target: Target;
let restartedAt = 0;

const allocProfiles = (): number =>
  stores.profiles.types('{service="allocs"}', 0, Date.now() + 1000).find((t) => t.type === 'alloc_space')?.profiles ?? 0;

before(async () => {
  if (!hasGo) return;
  runner.build();
  const first = await runner.start();
  stores = openSqliteStore(join(dir, 'fw.db'));
  collector = new Collector({ store: stores.profiles, metadata: stores.metadata, dispatcher: agent });
  target = stores.metadata.createTarget(resolveTargetSpec({
    service: 'allocs', url: first.url, intervalMs: 1000, profiles: ['heap'], source: 'api',
  }));
  collector.upsert(target);
  collector.start();
  await waitFor(() => allocProfiles() >= 2, 10_000);
  await first.stop();
  restartedAt = Date.now();
  await runner.start({ listen: `127.0.0.1:${first.port}` });
  await waitFor(() => stores.metadata.listDeploys('{service="allocs"}', 0, Date.now() + 1000).some((d) => d.reason === 'restart'), 10_000);
  const before = allocProfiles();
  await waitFor(() => allocProfiles() >= before + 1, 5_000);
});

after(async () => {
  await collector?.stop();
  await agent.close();
  stores?.close();
  await runner.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('alloc deltas stay positive across a process restart, which writes a restart marker', { timeout: 40_000 }, (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  const to = Date.now() + 1000;
  const series = stores.profiles.series({ selector: '{service="allocs"}', type: 'alloc_space', fromMs: 0, toMs: to }, 1000);
  const totals = series.flatMap((s) => s.profiles.map((p) => p.total));
  assert.ok(totals.length >= 3, `${totals.length} alloc deltas stored`);
  assert.ok(totals.every((v) => v > 0), `alloc deltas: ${totals.join(', ')}`);

  const stacks = stores.profiles.windowStacks({ selector: '{service="allocs"}', type: 'alloc_space', fromMs: 0, toMs: to }, 'function');
  for (let i = 0; i < stacks.stacks.count; i++) assert.ok(stacks.stacks.values[i]! >= 0, 'no negative alloc value');
  assert.ok(top(stacks.stacks).rows.some((r) => r.name === 'main.churn' && r.flat > 0), 'main.churn allocates');

  const markers = stores.metadata.listDeploys('{service="allocs"}', 0, to);
  const restart = markers.filter((d) => d.reason === 'restart');
  assert.equal(restart.length, 1, JSON.stringify(markers));
  assert.ok(restart[0]!.timeMs >= restartedAt, 'the marker comes after the restart');
  assert.equal(restart[0]!.targetId, target.id);
  assert.equal(collector.health(target.id)?.state, 'up');
});
