import { murmurFinalize, murmurMix } from '../murmur.js';

/**
 * 64-bit content hashes, the ids of symbols, stacks, label sets and series in ClickHouse: every
 * writer computes the same id for the same content, so any number of writers agree without
 * coordination. Two independent 32-bit lanes (murmur3, store/murmur.ts, and murmur3's mixing
 * with another seed and multipliers, each with its own finalizer) over 32-bit words; strings hash their UTF-16 code
 * units with their length first, so concatenations cannot collide. Birthday bound: about one
 * collision in 10^9 ids at 10^5 ids, one in 2·10^5 at 10^7.
 */
export class ContentHash {
  private h1 = 0x9747b28c;
  private h2 = 0x5bd1e995;

  reset(): this {
    this.h1 = 0x9747b28c;
    this.h2 = 0x5bd1e995;
    return this;
  }

  /** Mixes one 32-bit word. */
  word(v: number): this {
    this.h1 = murmurMix(this.h1, v);
    let j = Math.imul(v ^ 0x2545f491, 0x85ebca77);
    j = Math.imul((j << 13) | (j >>> 19), 0xc2b2ae3d);
    let g = this.h2 ^ j;
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 9) + 0x27d4eb2f) | 0;
    return this;
  }

  /** Mixes a safe integer (two words). */
  int(n: number): this {
    const lo = n % 0x100000000;
    return this.word(lo < 0 ? lo + 0x100000000 : lo).word(Math.floor(n / 0x100000000));
  }

  /** Mixes a string: its length, then its code units two to a word. */
  str(s: string): this {
    this.word(s.length);
    let i = 0;
    for (; i + 1 < s.length; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < s.length) this.word(s.charCodeAt(i));
    return this;
  }

  /** Mixes an id given as its two halves. */
  parts(hi: number, lo: number): this {
    return this.word(hi).word(lo);
  }

  private fmix2(): number {
    let h = this.h2 ^ this.h1;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    h = Math.imul(h, 0x297a2d39);
    h ^= h >>> 15;
    return h >>> 0;
  }

  /** The hash as (hi, lo) written into `out` at `at`; never 0 (0 means "none" in the schema). */
  finishInto(out: Uint32Array, at: number): void {
    const hi = murmurFinalize(this.h1);
    const lo = this.fmix2();
    out[at] = hi;
    out[at + 1] = hi === 0 && lo === 0 ? 1 : lo;
  }

  /** The hash as a 64-bit id; never 0. */
  finish(): bigint {
    const hi = murmurFinalize(this.h1);
    const lo = this.fmix2();
    const id = (BigInt(hi) << 32n) | BigInt(lo);
    return id === 0n ? 1n : id;
  }
}

/** Splits a 64-bit id into (hi, lo). */
export function idParts(id: bigint): [number, number] {
  return [Number(id >> 32n), Number(id & 0xffffffffn)];
}

/** Joins (hi, lo) into a 64-bit id. */
export function idOf(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}
