import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { resolveTarget } from '../config/target.js';
import { CollectorHarness } from './support/collector-harness.js';
import { goAvailable, waitFor } from './support/hotspots.js';

const h = new CollectorHarness();
after(() => h.dispose());

test('a target whose CPU scrapes fail while heap scrapes succeed is degraded, naming cpu and Go\'s error, and up again after', { timeout: 60_000 }, async (t) => {
  if (!goAvailable()) { t.skip('go is not installed'); return; }
  h.open();
  const process = await h.runner.start();
  const target = h.stores.metadata.createTarget(resolveTarget({
    service: 'api', url: process.url, intervalMs: 2000, cpuSeconds: 1, profiles: ['cpu', 'heap'], source: 'api',
  }));
  // Someone else holds the process's CPU profiler (Go allows one CPU profile at a time).
  const busy = fetch(`${process.url}/debug/pprof/profile?seconds=6`).then((r) => r.arrayBuffer());
  h.collector.upsert(target);
  h.collector.start();
  const health = () => h.collector.health(target.id);
  assert.ok(await waitFor(() => health()?.state === 'degraded' && health()?.profiles['heap']?.ok === true, 15_000),
    `degraded while the CPU profiler is busy: ${JSON.stringify(health())}`);
  const degraded = health()!;
  assert.match(degraded.lastError ?? '', /^cpu: GET http:\S+\/debug\/pprof\/profile\?seconds=1 answered status 500: .*cpu profiling already in use/);
  assert.equal(degraded.profiles['cpu']!.ok, false);
  assert.ok(degraded.consecutiveFailures >= 1);
  await busy;
  assert.ok(await waitFor(() => health()?.state === 'up', 15_000), `up once the profiler is free: ${JSON.stringify(health())}`);
  assert.equal(health()!.lastError, null);
});
