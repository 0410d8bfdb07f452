import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { resolveTarget } from '../config/target.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { CollectorHarness } from './support/collector-harness.js';
import { goAvailable, waitFor } from './support/hotspots.js';

const h = new CollectorHarness();
after(() => h.dispose());

test('after a version relabel mid-window, the inuse_space mean is the process\'s heap, not v1\'s mean plus v2\'s', { timeout: 60_000 }, async (t) => {
  if (!goAvailable()) { t.skip('go is not installed'); return; }
  h.open();
  const process = await h.runner.start({ version: 'v1' });
  // A heap profile describes the heap as of the last GC: force the first one, so every snapshot sees the retained 64 MiB.
  await (await fetch(`${process.url}/debug/pprof/heap?gc=1`)).arrayBuffer();
  const v1 = { id: 'heap-target', ...resolveTarget({ service: 'api', url: process.url, labels: { version: 'v1' }, intervalMs: 1000, profiles: ['heap'], source: 'api' }) };
  h.collector.upsert(v1);
  h.collector.start();
  const snapshots = (version: string) => h.stores.profiles.window({ selector: `{version="${version}"}`, type: 'inuse_space', fromMs: 0, toMs: Date.now() + 1000 }).profiles;
  assert.ok(await waitFor(() => snapshots('v1') >= 3, 20_000), 'v1 snapshots');
  h.collector.upsert({ ...v1, labels: { version: 'v2' } });
  assert.ok(await waitFor(() => snapshots('v2') >= 3, 20_000), 'v2 snapshots');
  await h.collector.stop();

  const total = async (selector: string) => top((await windowStacks(h.stores.profiles, { selector, type: 'inuse_space', fromMs: 0, toMs: Date.now() + 1000 })).stacks).total;
  const heap = decodeProfile(new Uint8Array(await (await fetch(`${process.url}/debug/pprof/heap`)).arrayBuffer()));
  const own = top(stacksFromProfiles([heap], { sampleIndex: 'inuse_space' })).total;
  const service = await total('{service="api"}');
  const perVersion = await total('{version="v1"}') + await total('{version="v2"}');
  // The process retains a steady 64 MiB; its heap profile and the window's mean agree within a GC's churn.
  assert.ok(service > 0.8 * own && service < 1.25 * own, `window mean ${service} vs the process's own heap profile ${own}`);
  assert.ok(service < 0.65 * perVersion, `window mean ${service} must not be v1's mean plus v2's (${perVersion})`);
});
