/**
 * MurmurHash3 (x86, 32-bit) in its two parts, shared by every hash of the store built on it:
 * the in-memory stack and location tables of SQLite (store/sqlite/stack-table.ts,
 * dictionary.ts) and the first lane of ClickHouse's content hashes (store/clickhouse/content-hash.ts),
 * which are stored as ids. The output must never change: ClickHouse databases hold these ids.
 *
 * MurmurHash3_x86_32 of whole 32-bit words is `murmurFinalize(words.reduce(murmurMix, seed) ^ byteLength)`
 * (checked against the reference implementation's test vectors).
 */

/** One murmur3 round: mixes the 32-bit word `v` into the state `h`; returns the new state (a signed 32-bit integer). */
export function murmurMix(h: number, v: number): number {
  let k = Math.imul(v, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finalizer (fmix32): avalanches the state `h` into the hash, an unsigned 32-bit integer. */
export function murmurFinalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
