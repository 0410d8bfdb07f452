import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeProfile } from '../codec/encode.js';
import { resolveTarget } from '../config/target.js';
import { compileFilters } from '../query/filters.js';
import { tagBreakdown } from '../query/tags.js';
import { top } from '../query/top.js';
import { windowProfile, windowStacks } from '../query/window-stacks.js';
import { CollectorHarness } from './support/collector-harness.js';
import { goAvailable, waitFor } from './support/hotspots.js';
import { oracleTop } from './support/oracle.js';

const h = new CollectorHarness();
after(() => h.dispose());

test('scrapes of a labelled Go service keep sample labels: goroutines per stack and handler, CPU per handler, heap per size', { timeout: 90_000 }, async (t) => {
  if (!goAvailable()) { t.skip('go is not installed'); return; }
  h.open();
  const service = await h.runner.start({ labels: true });
  const target = { id: 'labelled', ...resolveTarget({ service: 'shop', url: service.url, intervalMs: 2000, profiles: ['goroutine', 'cpu', 'heap'], source: 'api' }) };
  h.collector.upsert(target);
  h.collector.start();
  const window = (type: string) => ({ selector: '{service="shop"}', type, fromMs: 0, toMs: Date.now() + 60_000 });
  const stored = (type: string) => h.stores.profiles.window(window(type)).profiles;
  assert.ok(await waitFor(() => stored('goroutine') >= 3 && stored('cpu') >= 1 && stored('alloc_space') >= 1, 45_000), 'scraped');
  await h.collector.stop();

  // Five goroutines wait forever under labels (three of handler checkout): every snapshot has
  // them, so their time-weighted mean is exactly what the process's own profile says.
  const parkedFilters = { focus: 'parkLabelled', tagfocus: 'handler=checkout' };
  const fresh = join(h.runner.dir, 'goroutine.pb.gz');
  writeFileSync(fresh, new Uint8Array(await (await fetch(`${service.url}/debug/pprof/goroutine`)).arrayBuffer()));
  const oracle = oracleTop([fresh], { filters: parkedFilters });
  const ours = top((await windowStacks(h.stores.profiles, window('goroutine'), 'function', compileFilters(parkedFilters))).stacks);
  assert.ok(oracle.rows.length > 0);
  assert.deepEqual(ours.rows.map((r) => [r.name, r.flat, r.cum]), oracle.rows.map((r) => [r.name, r.flat, r.cum]), 'parked checkout goroutines per stack');
  const parked = top((await windowStacks(h.stores.profiles, window('goroutine'), 'function', compileFilters({ focus: 'parkLabelled', relativePercentages: true }))).stacks);
  assert.equal(parked.total, 5, 'five parked goroutines');

  const keys = async (type: string) => Object.fromEntries(tagBreakdown([(await windowProfile(h.stores.profiles, window(type))).profile]).keys
    .map((k) => [k.key, k.values.map((v) => v.value).sort()]));
  const goroutines = await keys('goroutine');
  assert.deepEqual(goroutines['tenant'], ['acme', 'globex']);
  for (const handler of ['checkout', 'report', 'search']) assert.ok(goroutines['handler']!.includes(handler), `goroutines of ${handler}`);
  assert.ok(((await keys('cpu'))['handler'] ?? []).includes('checkout'), 'CPU samples carry the handler');
  assert.ok(((await keys('alloc_space'))['bytes'] ?? []).length > 3, 'alloc deltas carry the bytes label, per size');
  assert.ok(((await keys('inuse_space'))['bytes'] ?? []).length > 0, 'inuse snapshots carry the bytes label');

  // The exported window is a pprof file with the labels: go tool pprof reads them back.
  const exported = join(h.runner.dir, 'export.pb.gz');
  writeFileSync(exported, encodeProfile((await windowProfile(h.stores.profiles, window('goroutine'))).profile));
  assert.deepEqual(oracleTop([exported], { filters: parkedFilters }).rows.map((r) => [r.name, r.cum]), oracle.rows.map((r) => [r.name, r.cum]));
});
