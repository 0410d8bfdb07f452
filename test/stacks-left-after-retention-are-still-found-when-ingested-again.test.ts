import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { loadFixture, tempStore } from './support/temp-store.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

test('stacks left after retention collected a few are still found when ingested again, and collected ones are stored anew', async () => {
  const store = tempStore({ rollupGraceMs: 0 });
  try {
    const few = loadFixture('hotspots.cpu.1.pb.gz');
    const many = loadFixture('gobench-regexp.cpu.pb.gz');
    store.profiles.ingest({ profile: few, labels: { service: 'few' }, timeMs: T0 });
    store.profiles.ingest({ profile: many, labels: { service: 'many' }, timeMs: T0 + MINUTE });
    // Collects the few stacks only the first profile had, out of thousands.
    const first = store.profiles.retain(T0 + 1);
    assert.equal(first.deletedProfiles, 1);
    assert.ok(first.deletedStacks > 0);

    // The same code again: every stack is found, so when the older copy goes, no stack dies with it.
    store.profiles.ingest({ profile: many, labels: { service: 'many' }, timeMs: T0 + 2 * MINUTE });
    const second = store.profiles.retain(T0 + MINUTE + 1);
    assert.equal(second.deletedProfiles, 1);
    assert.equal(second.deletedStacks, 0);

    // The collected stacks come back under new ids and answer as the file does.
    store.profiles.ingest({ profile: few, labels: { service: 'few' }, timeMs: T0 + 3 * MINUTE });
    const window = (service: string) => ({ selector: `{service="${service}"}`, type: 'cpu', fromMs: T0, toMs: T0 + 10 * MINUTE });
    store.profiles.useRollups = false;
    for (const [service, profile] of [['few', few], ['many', many]] as const) {
      for (const granularity of ['function', 'line'] as const) {
        assert.deepEqual(top((await windowStacks(store.profiles, window(service), granularity)).stacks), top(stacksFromProfiles([profile], { sampleIndex: 'cpu', granularity })));
      }
    }
  } finally {
    store.dispose();
  }
});
