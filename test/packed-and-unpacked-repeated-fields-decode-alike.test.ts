import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { cpuProfileMessage, encodeMessage, encodeUnpackedSamples } from './support/build-profile.js';

test('Go-style unpacked location ids and values decode exactly like packed ones', () => {
  const samples = [
    { locationId: [3, 2, 1], value: [5, 50_000_000] },
    { locationId: [2, 1], value: [2, 20_000_000] },
    { locationId: [1], value: [1, -10_000_000] },
  ];
  const packed = encodeMessage(cpuProfileMessage({ sample: samples }));
  const withoutSamples = encodeMessage(cpuProfileMessage({ sample: [] }));
  const unpacked = new Uint8Array([...withoutSamples, ...encodeUnpackedSamples(samples)]);
  assert.notDeepEqual(packed, unpacked);

  const a = decodeProfile(packed), b = decodeProfile(unpacked);
  assert.equal(a.samples.count, 3);
  assert.deepEqual(Array.from(a.samples.values), [5, 50_000_000, 2, 20_000_000, 1, -10_000_000]);
  assert.deepEqual(Array.from(b.samples.values), Array.from(a.samples.values));
  assert.deepEqual(Array.from(b.samples.locations), Array.from(a.samples.locations));
  assert.deepEqual(Array.from(b.samples.stackOffsets), Array.from(a.samples.stackOffsets));
});
