import assert from 'node:assert/strict';
import type { Profile } from '../codec/profile.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowProfile, windowStacks } from '../query/window-stacks.js';
import { distinctStacks } from './support/distinct-stacks.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture } from './support/temp-store.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const SAMPLES = 36;

/** The profile with every column of sample i set to `value(i)`. */
function withValues(profile: Profile, value: (i: number) => number): Profile {
  const width = profile.sampleTypes.length;
  const values = profile.samples.values.map((_, k) => value(Math.floor(k / width)));
  return { ...profile, samples: { ...profile.samples, values } };
}

backendTest('a window mean is in whole units, and rows whose mean rounds to zero are left out', {}, async (store) => {
  const base = distinctStacks(loadFixture('hotspots.heap.pb.gz'), 7, SAMPLES);
  const a = (i: number) => i % 4, b = (i: number) => Math.floor(i / 4) % 3;
  // Sample i is a(i) for 10 s, then b(i) for 20 s: its mean is (a + 2b) / 3, a third or two thirds off a whole number but for a + 2b = 0, 3, 6.
  await store.profiles.ingest({ profile: withValues(base, a), labels: { service: 'api' }, timeMs: T0, intervalMs: 10_000 });
  await store.profiles.ingest({ profile: withValues(base, b), labels: { service: 'api' }, timeMs: T0 + 10_000, intervalMs: 20_000 });
  const mean = (i: number) => Math.round((a(i) + 2 * b(i)) / 3);
  const expected = stacksFromProfiles([withValues(base, mean)], { sampleIndex: 'inuse_space' });

  const query = { selector: '{service="api"}', type: 'inuse_space', fromMs: T0, toMs: T0 + 29_999 };
  const kept = Array.from({ length: SAMPLES }, (_, i) => i).filter((i) => mean(i) !== 0).length;
  assert.ok(kept < SAMPLES - 3, 'some rows round to zero');
  // The window as a profile (what the export encodes): one sample per row left, each a whole number.
  const { profile } = await windowProfile(store.profiles, query);
  assert.equal(profile.samples.count, kept, 'a row whose mean rounds to zero is not a sample of the window');
  assert.ok(profile.samples.values.every((v) => Number.isInteger(v) && v !== 0), 'whole units, none zero');
  assert.deepEqual(top((await windowStacks(store.profiles, query)).stacks), top(expected));
});
