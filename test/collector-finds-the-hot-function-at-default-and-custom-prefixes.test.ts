import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveTarget } from '../config/target.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { CollectorHarness } from './support/collector-harness.js';
import { goAvailable, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
/** The workload's leaf functions (test/go/hotspots/main.go); runtime.asyncPreempt can outrank them by flat. */
const HOT_CANDIDATES = ['main.hashLoop', 'main.parseLoop', 'main.recurse', 'main.newHotPath', 'main.churn'];
const h = new CollectorHarness();

before(async () => {
  if (!hasGo) return;
  h.open();
  const plain = await h.runner.start({ version: 'v1' });
  const custom = await h.runner.start({ prefix: '/custom/pprof', version: 'v1' });
  for (const [service, url, pathPrefix] of [['plain', plain.url, undefined], ['custom', custom.url, '/custom/pprof']] as const) {
    const t = h.stores.metadata.createTarget(resolveTarget({
      service, url, pathPrefix, labels: { version: 'v1' }, intervalMs: 2000, cpuSeconds: 1, source: 'api',
    }));
    h.collector.upsert(t);
  }
  h.collector.start();
  // At least two CPU profiles and half a second of samples each: a loaded machine starves the
  // Go program, and a handful of samples says little about where its time goes.
  await waitFor(async () => {
    for (const s of ['plain', 'custom']) {
      const cpu = await windowStacks(h.stores.profiles, { selector: `{service="${s}"}`, type: 'cpu', fromMs: 0, toMs: Date.now() + 1000 });
      if (cpu.profiles < 2 || top(cpu.stacks).total < 500_000_000) return false;
    }
    return true;
  }, 25_000);
});

after(() => h.dispose());

test('the collector finds the hot function through the default and a custom pprof prefix', { timeout: 40_000 }, async (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  for (const service of ['plain', 'custom']) {
    const window = { selector: `{service="${service}"}`, fromMs: 0, toMs: Date.now() + 1000 };
    const cpu = await windowStacks(h.stores.profiles, { ...window, type: 'cpu' }, 'function');
    assert.ok(cpu.profiles >= 2, `${service}: ${cpu.profiles} CPU profiles stored`);
    const rows = top(cpu.stacks).rows;
    const hottest = rows.filter((r) => HOT_CANDIDATES.includes(r.name)).sort((a, b) => b.cum - a.cum)[0];
    const described = rows.slice(0, 5).map((r) => `${r.name} ${r.flatPct.toFixed(1)}%`).join(', ');
    assert.equal(hottest?.name, 'main.hashLoop', `${service}: CPU top is ${described}`);
    assert.equal(rows.filter((r) => r.name.startsWith('main.'))[0]!.name, 'main.hashLoop', `${service}: CPU top is ${described}`);
    assert.ok(hottest.cumPct > 25, `${service}: main.hashLoop has ${hottest.cumPct}% of CPU`);

    const inuse = await windowStacks(h.stores.profiles, { ...window, type: 'inuse_space' }, 'function');
    const retain = top(inuse.stacks).rows.find((r) => r.name === 'main.retain');
    assert.ok(retain && retain.flat >= 32 << 20, `${service}: main.retain holds ${retain?.flat} bytes in use`);

    const types = h.stores.profiles.types(window.selector, window.fromMs, window.toMs);
    const inuseType = types.find((x) => x.type === 'inuse_space');
    assert.equal(inuseType?.periodType, 'space', `${service}: heap period type`);
    assert.ok((inuseType?.period ?? 0) > 0, `${service}: MemProfileRate reported`);

    const health = h.collector.health(h.stores.metadata.listTargets().find((x) => x.service === service)!.id)!;
    assert.equal(health.state, 'up', `${service}: ${health.lastError}`);
    assert.equal(health.consecutiveFailures, 0);

    const mem = h.stores.metadata.listMemStats(window.selector, window.fromMs, window.toMs);
    assert.ok(mem.length >= 1, `${service}: MemStats stored`);
    assert.ok(mem[0]!.values['HeapInuse']! > 0 && mem[0]!.values['Sys']! >= mem[0]!.values['HeapSys']!);
  }
});
