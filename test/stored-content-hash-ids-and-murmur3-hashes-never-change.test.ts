import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriesKey } from '../codec/identity.js';
import { ContentHash } from '../store/clickhouse/content-hash.js';
import { murmurFinalize, murmurMix } from '../store/murmur.js';

/** MurmurHash3_x86_32 of whole little-endian 32-bit words. */
function murmur3(words: readonly number[], seed: number): number {
  return murmurFinalize(words.reduce(murmurMix, seed | 0) ^ (words.length * 4));
}

test('murmur3 gives the reference implementation\'s hashes', () => {
  // Test vectors of MurmurHash3_x86_32 (SMHasher): key, seed → hash.
  assert.equal(murmur3([], 1), 0x514e28b7);
  assert.equal(murmur3([], 0xffffffff), 0x81f16f39);
  assert.equal(murmur3([0], 0), 0x2362f9de);
  assert.equal(murmur3([0x61616161], 0x9747b28c), 0x5a97808a, '"aaaa"');
  assert.equal(murmur3([0x64636261], 0x9747b28c), 0xf0478627, '"abcd"');
});

test('content hashes, the ids ClickHouse stores, are what earlier releases wrote for the same content', () => {
  const h = new ContentHash();
  // A series key, a function's fields, an address and an id: values written by the first release.
  assert.equal(h.reset().str(seriesKey({ service: 'api' })).finish(), 0x0fa767528ede53f9n);
  assert.equal(h.reset().str('main.hashLoop').str('main.hashLoop').str('/src/main.go').int(42).finish(), 0xab7a32fdd28897d1n);
  assert.equal(h.reset().int(2 ** 40 + 7).parts(0xdeadbeef, 0x12345678).finish(), 0x6a1c5202e912eb9fn);
  const out = new Uint32Array(2);
  h.reset().word(0).finishInto(out, 0);
  assert.deepEqual([...out], [0x1ef2bd40, 0x5473febd]);
});
