import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Collector } from '../collector/collector.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import { resolveTargetSpec } from '../collector/target-spec.js';
import { diffStacks } from '../query/diff.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../store/sqlite/open-sqlite-store.js';
import { HotspotsRunner, goAvailable, waitFor } from './support/hotspots.js';

const hasGo = goAvailable();
const runner = new HotspotsRunner();
const dir = mkdtempSync(join(tmpdir(), 'flamewatch-collector-'));
const agent = createScrapeAgent();
let stores: SqliteStores;
let collector: Collector;

const cpuProfiles = (version: string): number =>
  stores.profiles.types(`{service="shop",version="${version}"}`, 0, Date.now() + 1000).find((t) => t.type === 'cpu')?.profiles ?? 0;

before(async () => {
  if (!hasGo) return;
  runner.build();
  const v1 = await runner.start({ version: 'v1', workload: 'a' });
  stores = openSqliteStore(join(dir, 'fw.db'));
  collector = new Collector({ store: stores.profiles, metadata: stores.metadata, dispatcher: agent });
  const target = stores.metadata.createTarget(resolveTargetSpec({
    service: 'shop', url: v1.url, labels: { version: 'v1' }, intervalMs: 2000, cpuSeconds: 1, source: 'api',
  }));
  collector.upsert(target);
  collector.start();
  await waitFor(() => cpuProfiles('v1') >= 2, 15_000);
  await v1.stop();
  await runner.start({ listen: `127.0.0.1:${v1.port}`, version: 'v2', workload: 'b' });
  const { id, ...fields } = target;
  collector.upsert(stores.metadata.updateTarget(id, { ...fields, labels: { version: 'v2' } })!);
  await waitFor(() => cpuProfiles('v2') >= 2 && stores.metadata.listDeploys('{service="shop"}', 0, Date.now() + 1000).length >= 2, 15_000);
});

after(async () => {
  await collector?.stop();
  await agent.close();
  stores?.close();
  await runner.stopAll();
  rmSync(dir, { recursive: true, force: true });
});

test('a deploy writes markers and its CPU diff has main.newHotPath as the top increase', { timeout: 45_000 }, (t) => {
  if (!hasGo) { t.skip('go is not installed'); return; }
  const to = Date.now() + 1000;
  const markers = stores.metadata.listDeploys('{service="shop"}', 0, to);
  const changed = markers.find((d) => d.reason === 'labels-changed');
  assert.ok(changed, JSON.stringify(markers));
  assert.equal(changed.labelsBefore['version'], 'v1');
  assert.equal(changed.labelsAfter['version'], 'v2');
  assert.ok(markers.some((d) => d.reason === 'restart'), `restart marker among ${markers.map((d) => d.reason).join(', ')}`);

  const window = (version: string) => stores.profiles.windowStacks(
    { selector: `{service="shop",version="${version}"}`, type: 'cpu', fromMs: 0, toMs: to }, 'function').stacks;
  const diff = diffStacks(window('v1'), window('v2'), { normalize: true });
  const increases = diff.rows.filter((r) => r.deltaFlat > 0).sort((a, b) => b.deltaFlat - a.deltaFlat);
  assert.equal(increases[0]?.name, 'main.newHotPath',
    `top increases: ${increases.slice(0, 3).map((r) => `${r.name} +${r.deltaFlatPct.toFixed(1)}%`).join(', ')}`);
});
