import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveTarget } from '../config/target.js';
import { diffStacks } from '../query/diff.js';
import { windowStacks } from '../query/window-stacks.js';
import { CollectorHarness } from './support/collector-harness.js';
import { goAvailable, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
const h = new CollectorHarness();

const cpuProfiles = (version: string): number =>
  h.stores.profiles.types(`{service="shop",version="${version}"}`, 0, Date.now() + 1000).find((t) => t.type === 'cpu')?.profiles ?? 0;

before(async () => {
  if (!hasGo) return;
  h.open();
  const v1 = await h.runner.start({ version: 'v1', workload: 'a' });
  const target = h.stores.metadata.createTarget(resolveTarget({
    service: 'shop', url: v1.url, labels: { version: 'v1' }, intervalMs: 2000, cpuSeconds: 1, source: 'api',
  }));
  h.collector.upsert(target);
  h.collector.start();
  await waitFor(() => cpuProfiles('v1') >= 2, 15_000);
  await v1.stop();
  await h.runner.start({ listen: `127.0.0.1:${v1.port}`, version: 'v2', workload: 'b' });
  const { id, ...fields } = target;
  h.collector.upsert(h.stores.metadata.updateTarget(id, { ...fields, labels: { version: 'v2' } })!);
  await waitFor(() => cpuProfiles('v2') >= 2 && h.stores.metadata.listDeploys('{service="shop"}', 0, Date.now() + 1000).length >= 2, 15_000);
});

after(() => h.dispose());

test('a deploy writes markers and its CPU diff has main.newHotPath as the top increase', { timeout: 45_000 }, async (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  const to = Date.now() + 1000;
  const markers = h.stores.metadata.listDeploys('{service="shop"}', 0, to);
  const changed = markers.find((d) => d.reason === 'labels-changed');
  assert.ok(changed, JSON.stringify(markers));
  assert.equal(changed.labelsBefore['version'], 'v1');
  assert.equal(changed.labelsAfter['version'], 'v2');
  assert.ok(markers.some((d) => d.reason === 'restart'), `restart marker among ${markers.map((d) => d.reason).join(', ')}`);

  const window = async (version: string) => (await windowStacks(h.stores.profiles,
    { selector: `{service="shop",version="${version}"}`, type: 'cpu', fromMs: 0, toMs: to }, 'function')).stacks;
  const diff = diffStacks(await window('v1'), await window('v2'), { normalize: true });
  const increases = diff.rows.filter((r) => r.deltaFlat > 0).sort((a, b) => b.deltaFlat - a.deltaFlat);
  assert.equal(increases[0]?.name, 'main.newHotPath',
    `top increases: ${increases.slice(0, 3).map((r) => `${r.name} +${r.deltaFlatPct.toFixed(1)}%`).join(', ')}`);
});
