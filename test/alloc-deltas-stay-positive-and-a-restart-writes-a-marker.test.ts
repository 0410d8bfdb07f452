import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveTarget } from '../config/target.js';
import type { Target } from '../config/target.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { CollectorHarness } from './support/collector-harness.js';
import { goAvailable, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
const h = new CollectorHarness();
let target: Target;
let restartedAt = 0;

const allocProfiles = (): number =>
  h.stores.profiles.types('{service="allocs"}', 0, Date.now() + 1000).find((t) => t.type === 'alloc_space')?.profiles ?? 0;

before(async () => {
  if (!hasGo) return;
  h.open();
  const first = await h.runner.start();
  target = h.stores.metadata.createTarget(resolveTarget({
    service: 'allocs', url: first.url, intervalMs: 1000, profiles: ['heap'], source: 'api',
  }));
  h.collector.upsert(target);
  h.collector.start();
  await waitFor(() => allocProfiles() >= 2, 10_000);
  await first.stop();
  restartedAt = Date.now();
  await h.runner.start({ listen: `127.0.0.1:${first.port}` });
  await waitFor(() => h.stores.metadata.listDeploys('{service="allocs"}', 0, Date.now() + 1000).some((d) => d.reason === 'restart'), 10_000);
  const before = allocProfiles();
  await waitFor(() => allocProfiles() >= before + 1, 5_000);
});

after(() => h.dispose());

test('alloc deltas stay positive across a process restart, which writes a restart marker', { timeout: 40_000 }, async (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  const to = Date.now() + 1000;
  const series = h.stores.profiles.series({ selector: '{service="allocs"}', type: 'alloc_space', fromMs: 0, toMs: to }, 1000);
  const totals = series.flatMap((s) => s.profiles.map((p) => p.total));
  assert.ok(totals.length >= 3, `${totals.length} alloc deltas stored`);
  assert.ok(totals.every((v) => v > 0), `alloc deltas: ${totals.join(', ')}`);

  const stacks = await windowStacks(h.stores.profiles, { selector: '{service="allocs"}', type: 'alloc_space', fromMs: 0, toMs: to }, 'function');
  for (let i = 0; i < stacks.stacks.count; i++) assert.ok(stacks.stacks.values[i]! >= 0, 'no negative alloc value');
  assert.ok(top(stacks.stacks).rows.some((r) => r.name === 'main.churn' && r.flat > 0), 'main.churn allocates');

  const markers = h.stores.metadata.listDeploys('{service="allocs"}', 0, to);
  const restart = markers.filter((d) => d.reason === 'restart');
  assert.equal(restart.length, 1, JSON.stringify(markers));
  assert.ok(restart[0]!.timeMs >= restartedAt, 'the marker comes after the restart');
  assert.equal(restart[0]!.targetId, target.id);
  assert.equal(h.collector.health(target.id)?.state, 'up');
});
