import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Profile } from '../codec/profile.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { tagBreakdown } from '../query/tags.js';
import { top } from '../query/top.js';
import { windowProfile, windowStacks } from '../query/window-stacks.js';
import type { WindowQuery } from '../store/profile-store.js';
import { loadFixture, tempStore, varied } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

// Every blob past the first is shared out to the reading thread and two more: the window must
// be what the files merged in memory are, raw profiles and rollups alike.
test('a window whose blobs are summed on several threads equals the files merged in memory', { timeout: 180_000 }, async () => {
  const store = tempStore({ rollupGraceMs: 0, windowSums: { workers: 2, parallelBytes: 0 } });
  try {
    const sources = [loadFixture('hotspots-labels.cpu.pb.gz'), loadFixture('hotspots-labels-b.cpu.pb.gz'), loadFixture('gobench-regexp.cpu.pb.gz')];
    const heap = loadFixture('hotspots-labels.heap.pb.gz');
    const cpu: Profile[] = [];
    let n = 0;
    for (let t = T0; t < T0 + 2.5 * HOUR; t += 120_000) {
      for (const instance of ['a', 'b']) {
        const p = varied(sources[n % sources.length]!, n++);
        cpu.push(p);
        await store.profiles.ingest({ profile: p, labels: { service: 'api', instance }, timeMs: t });
        await store.profiles.ingest({ profile: heap, labels: { service: 'heap', instance }, timeMs: t, intervalMs: 120_000 });
      }
    }
    const q: WindowQuery = { selector: '{service="api"}', type: 'cpu', fromMs: T0, toMs: T0 + 3 * HOUR };
    const heapMean: WindowQuery = { selector: '{service="heap",instance="a"}', type: 'inuse_space', fromMs: T0, toMs: T0 + 3 * HOUR };
    const expected = {
      top: top(stacksFromProfiles(cpu, { sampleIndex: 'cpu' })),
      lines: top(stacksFromProfiles(cpu, { sampleIndex: 'cpu', granularity: 'line' })),
      tags: tagBreakdown(cpu, 'cpu').keys,
      // Equal snapshots of one series: their time-weighted mean is one of them.
      heap: top(stacksFromProfiles([heap], { sampleIndex: 'inuse_space' })),
    };
    const answers = async () => ({
      top: top((await windowStacks(store.profiles, q, 'function')).stacks),
      lines: top((await windowStacks(store.profiles, q, 'line')).stacks),
      tags: tagBreakdown([(await windowProfile(store.profiles, q)).profile]).keys,
      heap: top((await windowStacks(store.profiles, heapMean, 'function')).stacks),
    });

    assert.deepEqual(await answers(), expected, 'raw profiles');
    const compacted = store.profiles.compact(T0 + 24 * HOUR);
    assert.ok(compacted.hours > 0 && compacted.minutes > 0, `rolled up: ${JSON.stringify(compacted)}`);
    assert.deepEqual(await answers(), expected, 'hour and minute rollups, raw profiles at the edge');
  } finally {
    store.dispose();
  }
});
