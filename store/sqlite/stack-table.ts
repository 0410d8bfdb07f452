import { murmurFinalize, murmurMix } from '../murmur.js';
import { VarintReader } from './varint.js';

/** One murmur3 round (store/murmur.ts). */
export const mix = murmurMix;

/** murmur3's finalizer (store/murmur.ts), reduced to 30 bits so that hashes are small integers (cheap map keys). */
export function finish(h: number): number {
  return murmurFinalize(h) >>> 2;
}

function stackHash(ids: Uint32Array, start: number, end: number): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = mix(h, ids[i]!);
  return finish(h);
}

/** {@link stackHash} of the stack `map[local[start..end)]`: a profile's sample, by its location indexes. */
function mappedHash(local: Uint32Array, start: number, end: number, map: Uint32Array): number {
  let h = end - start;
  for (let i = start; i < end; i++) h = mix(h, map[local[i]!]!);
  return finish(h);
}

function grown<T extends Uint32Array | Int32Array>(a: T, needed: number, make: (n: number) => T): T {
  if (needed <= a.length) return a;
  const next = make(Math.max(needed, Math.ceil(a.length * 1.5)));
  next.set(a);
  return next;
}

/**
 * The stacks (location ids, leaf first) by id, in a compact form: every stack's ids packed in
 * one Uint32Array, per id its offset, length and hash in typed arrays, and one open-addressing
 * hash table (linear probing, at most half full) from content hash to id, contents compared on
 * a hit. About 20 bytes per stack besides its ids, and no object per stack for the collector to
 * walk. Ids start at 1 and are not reused; deleted entries free their slots and, once they are
 * half the pool, their ids' space.
 */
export class StackTable {
  private pool = new Uint32Array(1 << 12);
  private poolLength = 0;
  /** Ids' space taken by deleted stacks. */
  private garbage = 0;
  private offsets = new Uint32Array(1 << 10);
  /** Per id: the stack's length plus one; 0 for no stack. */
  private lengths = new Uint32Array(1 << 10);
  private hashes = new Uint32Array(1 << 10);
  /** Open addressing: id or 0 (empty); its size a power of two. */
  private table = new Int32Array(1 << 11);
  private entries = 0;
  /** One past the largest id in use. */
  length = 0;

  /** Room for `stacks` stacks of `ids` location ids in all, without growing (when opening a store). */
  reserve(stacks: number, ids: number): void {
    this.pool = grown(this.pool, ids, (n) => new Uint32Array(n));
    this.growIds(stacks + 1);
    this.growTable(stacks);
  }

  /** The stack of an id (a view: do not keep it across deletions), or undefined. */
  get(id: number): Uint32Array | undefined {
    const n = this.lengths[id];
    if (n === undefined || n === 0) return undefined;
    const at = this.offsets[id]!;
    return this.pool.subarray(at, at + n - 1);
  }

  /** Id of the stack `map[local[start..end)]` (a sample's location indexes mapped to ids), or 0 when there is none. */
  find(local: Uint32Array, start: number, end: number, map: Uint32Array): number {
    const h = mappedHash(local, start, end, map);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot]!;
      if (id === 0) return 0;
      if (this.hashes[id] === h && this.same(id, local, start, end, map)) return id;
    }
  }

  /** Stores the stack `ids[start..end)` under `id` (the next free id when not given); returns the id. */
  add(ids: Uint32Array, start: number, end: number, id = Math.max(this.length, 1)): number {
    const at = this.poolLength;
    this.pool = grown(this.pool, at + end - start, (c) => new Uint32Array(c));
    this.pool.set(ids.subarray(start, end), at);
    this.register(id, at, at + end - start);
    return id;
  }

  /** Reads a stack stored as varints (as the stacks table holds them) under `id`. */
  addPacked(reader: VarintReader, blob: Uint8Array, id: number): void {
    reader.reset(blob);
    // A location id takes at least a byte: the blob's length bounds the ids it holds.
    this.pool = grown(this.pool, this.poolLength + blob.length, (c) => new Uint32Array(c));
    const pool = this.pool, start = this.poolLength;
    let end = start;
    while (!reader.done) pool[end++] = reader.uint();
    this.register(id, start, end);
  }

  /** Reads the next `count` varints of `reader` as the stack of `id` (a stack of a packed snapshot chunk). */
  addRun(reader: VarintReader, count: number, id: number): void {
    this.pool = grown(this.pool, this.poolLength + count, (c) => new Uint32Array(c));
    const pool = this.pool, start = this.poolLength;
    for (let i = 0; i < count; i++) pool[start + i] = reader.uint();
    this.register(id, start, start + count);
  }

  /** Indexes the stack at `pool[start..end)`, the pool's tail, under `id`. */
  private register(id: number, start: number, end: number): void {
    this.growIds(id + 1);
    this.offsets[id] = start;
    this.lengths[id] = end - start + 1;
    this.poolLength = end;
    const h = stackHash(this.pool, start, end);
    this.hashes[id] = h;
    this.growTable(this.entries + 1);
    this.place(id, h);
    this.entries++;
    if (id >= this.length) this.length = id + 1;
  }

  /** Deletes the stacks of these ids. */
  delete(ids: Iterable<number>): void {
    const dead: number[] = [];
    for (const id of ids) {
      const n = this.lengths[id];
      if (n === undefined || n === 0) continue;
      dead.push(id);
    }
    if (dead.length === 0) return;
    // A few leave the table one by one; many at once rebuild it.
    const rebuild = dead.length * 16 > this.entries;
    for (const id of dead) {
      if (!rebuild) this.unplace(id);
      this.garbage += this.lengths[id]! - 1;
      this.lengths[id] = 0;
      this.entries--;
    }
    while (this.length > 1 && this.lengths[this.length - 1] === 0) this.length--;
    if (this.length === 1) this.length = 0;
    if (this.garbage * 2 > this.poolLength) this.compactPool();
    if (rebuild) this.rebuildTable();
  }

  /** The stacks of these ids, flat (store/window-profile.ts `FlatStacks`); every id must be stored. */
  gather(ids: ArrayLike<number>): { offsets: Uint32Array; locations: Uint32Array } {
    const offsets = new Uint32Array(ids.length + 1);
    for (let k = 0; k < ids.length; k++) {
      const n = this.lengths[ids[k]!] ?? 0;
      if (n === 0) throw new RangeError(`stack ${ids[k]} is not stored`);
      offsets[k + 1] = offsets[k]! + n - 1;
    }
    const locations = new Uint32Array(offsets[ids.length]!), pool = this.pool;
    for (let k = 0; k < ids.length; k++) {
      const from = this.offsets[ids[k]!]!;
      for (let i = offsets[k]!, j = from; i < offsets[k + 1]!; i++, j++) locations[i] = pool[j]!;
    }
    return { offsets, locations };
  }

  /** Calls `fn` with each stored stack and its id, in id order. */
  forEach(fn: (locs: Uint32Array, id: number) => void): void {
    for (let id = 1; id < this.length; id++) {
      const locs = this.get(id);
      if (locs !== undefined) fn(locs, id);
    }
  }

  /** Number of stored stacks. */
  get size(): number {
    return this.entries;
  }

  /** Number of location ids the stored stacks hold in all. */
  get idCount(): number {
    return this.poolLength - this.garbage;
  }

  /** Bytes held by the table's arrays. */
  get byteLength(): number {
    return this.pool.byteLength + this.offsets.byteLength + this.lengths.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  private same(id: number, local: Uint32Array, start: number, end: number, map: Uint32Array): boolean {
    if (this.lengths[id]! - 1 !== end - start) return false;
    const pool = this.pool;
    for (let i = start, j = this.offsets[id]!; i < end; i++, j++) if (pool[j] !== map[local[i]!]) return false;
    return true;
  }

  private place(id: number, h: number): void {
    const mask = this.table.length - 1;
    let slot = h & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = id;
  }

  /** Takes an id out of the table, moving back the entries after it that probed past it (no tombstones). */
  private unplace(id: number): void {
    const table = this.table, mask = table.length - 1;
    let i = this.hashes[id]! & mask;
    while (table[i] !== id) i = (i + 1) & mask;
    for (let j = (i + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = this.hashes[table[j]!]! & mask;
      // The entry at j may move to i unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        table[i] = table[j]!;
        i = j;
      }
    }
    table[i] = 0;
  }

  private growIds(needed: number): void {
    if (needed <= this.offsets.length) return;
    const size = Math.max(needed, Math.ceil(this.offsets.length * 1.5));
    this.offsets = grown(this.offsets, size, (n) => new Uint32Array(n));
    this.lengths = grown(this.lengths, size, (n) => new Uint32Array(n));
    this.hashes = grown(this.hashes, size, (n) => new Uint32Array(n));
  }

  private growTable(entries: number): void {
    if (entries * 2 <= this.table.length) return;
    let size = this.table.length;
    while (entries * 2 > size) size *= 2;
    this.table = new Int32Array(size);
    this.rebuildTable();
  }

  private rebuildTable(): void {
    this.table.fill(0);
    for (let id = 1; id < this.length; id++) if (this.lengths[id] !== 0) this.place(id, this.hashes[id]!);
  }

  /** Moves the live stacks together, so that deleted ones give their space back. */
  private compactPool(): void {
    const pool = new Uint32Array(Math.max(1 << 12, this.poolLength - this.garbage));
    let at = 0;
    for (let id = 1; id < this.length; id++) {
      const n = this.lengths[id]!;
      if (n === 0) continue;
      pool.set(this.pool.subarray(this.offsets[id]!, this.offsets[id]! + n - 1), at);
      this.offsets[id] = at;
      at += n - 1;
    }
    this.pool = pool;
    this.poolLength = at;
    this.garbage = 0;
  }
}
