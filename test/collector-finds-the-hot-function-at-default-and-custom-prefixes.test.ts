import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Collector } from '../collector/collector.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import { resolveTargetSpec } from '../collector/target-spec.js';
import { top } from '../query/top.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { HotspotsRunner, goAvailable, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
/** The workload's leaf functions (test/go/hotspots/main.go); runtime.asyncPreempt can outrank them by flat. */
const HOT_CANDIDATES = ['main.hashLoop', 'main.parseLoop', 'main.recurse', 'main.newHotPath', 'main.churn'];
const runner = new HotspotsRunner();
const dir = mkdtempSync(join(tmpdir(), 'flamewatch-collector-'));
const agent = createScrapeAgent();
let stores: SqliteStores;
let collector: Collector;

before(async () => {
  if (!hasGo) return;
  runner.build();
  const plain = await runner.start({ version: 'v1' });
  const custom = await runner.start({ prefix: '/custom/pprof', version: 'v1' });
  stores = openSqliteStore(join(dir, 'fw.db'));
  collector = new Collector({ store: stores.profiles, metadata: stores.metadata, dispatcher: agent });
  for (const [service, url, pathPrefix] of [['plain', plain.url, undefined], ['custom', custom.url, '/custom/pprof']] as const) {
    const t = stores.metadata.createTarget(resolveTargetSpec({
      service, url, pathPrefix, labels: { version: 'v1' }, intervalMs: 2000, cpuSeconds: 1, source: 'api',
    }));
    collector.upsert(t);
  }
  collector.start();
  await waitFor(() => ['plain', 'custom'].every((s) =>
    stores.profiles.types(`{service="${s}"}`, 0, Date.now() + 1000).some((t) => t.type === 'cpu' && t.profiles >= 2)), 15_000);
});

after(async () => {
  await collector?.stop();
  await agent.close();
  stores?.close();
  await runner.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('the collector finds the hot function through the default and a custom pprof prefix', { timeout: 30_000 }, (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  for (const service of ['plain', 'custom']) {
    const window = { selector: `{service="${service}"}`, fromMs: 0, toMs: Date.now() + 1000 };
    const cpu = stores.profiles.windowStacks({ ...window, type: 'cpu' }, 'function');
    assert.ok(cpu.profiles >= 2, `${service}: ${cpu.profiles} CPU profiles stored`);
    const rows = top(cpu.stacks).rows;
    const hottest = rows.filter((r) => HOT_CANDIDATES.includes(r.name)).sort((a, b) => b.cum - a.cum)[0];
    const described = rows.slice(0, 5).map((r) => `${r.name} ${r.flatPct.toFixed(1)}%`).join(', ');
    assert.equal(hottest?.name, 'main.hashLoop', `${service}: CPU top is ${described}`);
    assert.equal(rows.filter((r) => r.name.startsWith('main.'))[0]!.name, 'main.hashLoop', `${service}: CPU top is ${described}`);
    assert.ok(hottest.cumPct > 25, `${service}: main.hashLoop has ${hottest.cumPct}% of CPU`);

    const inuse = stores.profiles.windowStacks({ ...window, type: 'inuse_space' }, 'function');
    const retain = top(inuse.stacks).rows.find((r) => r.name === 'main.retain');
    assert.ok(retain && retain.flat >= 32 << 20, `${service}: main.retain holds ${retain?.flat} bytes in use`);

    const types = stores.profiles.types(window.selector, window.fromMs, window.toMs);
    const inuseType = types.find((x) => x.type === 'inuse_space');
    assert.equal(inuseType?.periodType, 'space', `${service}: heap period type`);
    assert.ok((inuseType?.period ?? 0) > 0, `${service}: MemProfileRate reported`);

    const health = collector.health(stores.metadata.listTargets().find((x) => x.service === service)!.id)!;
    assert.equal(health.state, 'up', `${service}: ${health.lastError}`);
    assert.equal(health.consecutiveFailures, 0);

    const mem = stores.metadata.listMemStats(window.selector, window.fromMs, window.toMs);
    assert.ok(mem.length >= 1, `${service}: MemStats stored`);
    assert.ok(mem[0]!.values['HeapInuse']! > 0 && mem[0]!.values['Sys']! >= mem[0]!.values['HeapSys']!);
  }
});
