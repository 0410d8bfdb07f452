import assert from 'node:assert/strict';
import { flameGraph } from '../query/flame.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import type { WindowQuery } from '../store/profile-store.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture, varied } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const HOUR = 3_600_000;

backendTest('window queries give identical top, flame, series and profile with rollups on and off', { rollupGraceMs: 0, timeout: 300_000 }, async (store) => {
  const cpu = [loadFixture('hotspots.cpu.1.pb.gz'), loadFixture('hotspots.cpu.2.pb.gz'), loadFixture('hotspots-b.cpu.pb.gz')];
  const heap = loadFixture('hotspots.heap.pb.gz');
  let n = 0;
  const pending: Promise<unknown>[] = [];
  for (let t = T0; t < T0 + 2.5 * HOUR; t += 150_000) {
    for (const instance of ['a', 'b']) {
      pending.push(Promise.resolve(store.profiles.ingest({ profile: varied(cpu[n % 3]!, n), labels: { service: 'api', instance }, timeMs: t + (instance === 'a' ? 0 : 7_000) })));
      pending.push(Promise.resolve(store.profiles.ingest({ profile: varied(heap, n), labels: { service: 'api', instance }, timeMs: t + 11_000 })));
      n++;
    }
  }
  await Promise.all(pending);
  const written = await store.profiles.compact(T0 + 10 * HOUR) as { minutes: number; hours: number };
  assert.ok(written.hours >= 4 && written.minutes > 50, `rollups written: ${JSON.stringify(written)}`);
  // A late profile lands in an already rolled-up bucket: that bucket must be recomputed.
  await store.profiles.ingest({ profile: cpu[0]!, labels: { service: 'api', instance: 'a' }, timeMs: T0 + HOUR + 61_000 });

  const windows: [number, number][] = [[T0, T0 + 3 * HOUR], [T0 + 17_000, T0 + 2 * HOUR + 123_456], [T0 + HOUR, T0 + 2 * HOUR - 1]];
  const queries: WindowQuery[] = [];
  for (const [fromMs, toMs] of windows) {
    for (const type of ['cpu', 'samples', 'inuse_space', 'alloc_space']) {
      queries.push({ selector: '{service="api"}', type, fromMs, toMs });
      queries.push({ selector: '{instance="b"}', type, fromMs, toMs, agg: 'mean' });
      queries.push({ selector: '', type, fromMs, toMs, agg: 'sum' });
    }
  }
  const answer = async (q: WindowQuery) => ({
    topFn: top((await windowStacks(store.profiles, q, 'function')).stacks),
    topLine: top((await windowStacks(store.profiles, q, 'line')).stacks),
    flame: flameGraph((await windowStacks(store.profiles, q, 'function')).stacks),
    series: await store.profiles.series(q, 600_000),
    profile: await store.profiles.window(q),
  });
  for (const q of queries) {
    store.profiles.useRollups = true;
    const withRollups = await answer(q);
    await store.profiles.compact(T0 + 10 * HOUR);
    const afterRecompaction = await answer(q);
    store.profiles.useRollups = false;
    const raw = await answer(q);
    assert.ok(raw.topFn.total > 0, `${JSON.stringify(q)} selects something`);
    assert.deepEqual(withRollups, raw, JSON.stringify(q));
    assert.deepEqual(afterRecompaction, raw, JSON.stringify(q));
  }
});
