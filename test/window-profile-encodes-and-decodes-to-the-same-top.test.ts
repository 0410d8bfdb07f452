import assert from 'node:assert/strict';
import { decodeProfile } from '../codec/decode.js';
import { encodeProfile } from '../codec/encode.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { backendTest } from './support/store-backends.js';
import { loadFixture } from './support/temp-store.js';

backendTest('the window profile encodes as pprof and decodes to the same top as the stored files merged', {}, async (store) => {
  const inputs = [loadFixture('gobench-regexp.cpu.pb.gz'), loadFixture('hotspots.cpu.1.pb.gz')];
  for (const [i, p] of inputs.entries()) await store.profiles.ingest({ profile: p, labels: { service: 'api' }, timeMs: 1_000 + i });
  const { profile, profiles } = await store.profiles.window({ selector: '{service="api"}', type: 'cpu', fromMs: 0, toMs: 10_000 });
  assert.equal(profiles, 2);
  const decoded = decodeProfile(encodeProfile(profile));
  assert.deepEqual(decoded.sampleTypes, [{ type: 'cpu', unit: 'nanoseconds' }]);
  assert.equal(decoded.period, 10_000_000);
  for (const granularity of ['function', 'line'] as const) {
    assert.deepEqual(top(stacksFromProfiles([decoded], { granularity })), top(stacksFromProfiles(inputs, { sampleIndex: 'cpu', granularity })));
  }
  const types = await store.profiles.types('', 0, 10_000);
  assert.deepEqual(types.map((t) => [t.type, t.profiles, t.period, t.periodType]), [['cpu', 2, 10_000_000, 'cpu'], ['samples', 2, 10_000_000, 'cpu']]);
  assert.deepEqual(await store.profiles.labelNames(0, 10_000), ['service']);
});
