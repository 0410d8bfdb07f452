// Inputs for the fuzzer: mutations of real profiles (the fixtures, ours and the peers') and
// pprof messages built by fast-check with arbitrary (often dangling) references. Every input
// is a pure function of (seed, index), so a failure is replayed from those two numbers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeMessage } from './build-profile.js';
import { fixturesDir, peerProfilesDir } from './fixtures.js';

/** A seeded xorshift32 generator: next() in [0, 2^32). */
export class Rng {
  private x: number;
  constructor(seed: number) { this.x = (seed >>> 0) || 0x9e3779b9; }
  next(): number {
    let x = this.x;
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    this.x = x;
    return x;
  }
  /** An integer in [0, n). */
  below(n: number): number { return n <= 0 ? 0 : this.next() % n; }
  chance(p: number): boolean { return this.next() / 4294967296 < p; }
}

/** The seed corpus: every fixture as plain protobuf (or legacy binary), smallest first. */
export function seedCorpus(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of readdirSync(fixturesDir)) if (name.endsWith('.pb.gz')) out.push(gunzipSync(readFileSync(join(fixturesDir, name))));
  for (const name of readdirSync(peerProfilesDir)) if (name !== 'README.md') out.push(readFileSync(join(peerProfilesDir, name)));
  return out.sort((a, b) => a.length - b.length);
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x08, 0x10, 0x12, 0x1a, 0x0b, 0x0c];

/** One to four byte-level mutations of `input`, sometimes spliced with another corpus entry. */
export function mutate(input: Uint8Array, corpus: readonly Uint8Array[], rng: Rng): Uint8Array {
  let b = Buffer.from(input);
  const ops = 1 + rng.below(4);
  for (let k = 0; k < ops; k++) {
    const at = rng.below(b.length + 1);
    switch (rng.below(9)) {
      case 0: if (b.length > 0) b[Math.min(at, b.length - 1)]! ^= 1 << rng.below(8); break;
      case 1: if (b.length > 0) b[Math.min(at, b.length - 1)] = rng.below(256); break;
      case 2: if (b.length > 0) b[Math.min(at, b.length - 1)] = INTERESTING[rng.below(INTERESTING.length)]!; break;
      case 3: b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + rng.below(16) }, () => rng.below(256))), b.subarray(at)]); break;
      case 4: b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.below(64)))]); break;
      case 5: { const len = 1 + rng.below(64); b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]); break; }
      case 6: b = b.subarray(0, at); break;
      case 7: {
        const other = corpus[rng.below(corpus.length)]!;
        const from = rng.below(other.length);
        b = Buffer.concat([b.subarray(0, at), other.subarray(from, from + 1 + rng.below(256))]);
        break;
      }
      default: if (b.length > 0) b[Math.min(at, b.length - 1)]! |= 0x80; // stretch a varint
    }
  }
  return b;
}

const small = (max: number) => fc.integer({ min: 0, max });
const value = fc.oneof(fc.integer({ min: -1000, max: 1_000_000 }), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 - 1, -(2 ** 53) + 1));

/** pprof messages with arbitrary ids and string indexes: many dangle, many are valid. */
export const profileMessages = fc.record({
  stringTable: fc.array(fc.oneof(fc.constantFrom('', 'cpu', 'nanoseconds', 'samples', 'count', 'inuse_space', 'bytes', 'main.main'),
    fc.string({ maxLength: 12 })), { minLength: 0, maxLength: 12 }),
  sampleType: fc.array(fc.record({ type: small(12), unit: small(12) }), { maxLength: 4 }),
  sample: fc.array(fc.record({
    locationId: fc.array(small(8), { maxLength: 8 }),
    value: fc.array(value, { maxLength: 4 }),
    label: fc.array(fc.record({ key: small(12), str: small(12), num: fc.integer(), numUnit: small(12) }), { maxLength: 2 }),
  }), { maxLength: 10 }),
  mapping: fc.array(fc.record({ id: small(3), memoryStart: fc.nat(), memoryLimit: fc.nat(), filename: small(12), buildId: small(12) }), { maxLength: 2 }),
  location: fc.array(fc.record({
    id: small(8), mappingId: small(3), address: fc.nat(), isFolded: fc.boolean(),
    line: fc.array(fc.record({ functionId: small(6), line: fc.integer({ min: -5, max: 5000 }) }), { maxLength: 3 }),
  }), { maxLength: 8 }),
  function: fc.array(fc.record({ id: small(6), name: small(12), systemName: small(12), filename: small(12), startLine: fc.integer() }), { maxLength: 6 }),
  periodType: fc.record({ type: small(12), unit: small(12) }),
  period: fc.integer(),
  timeNanos: fc.integer({ min: 0, max: 2 ** 31 }).map((s) => s * 1e9),
  durationNanos: fc.nat(),
  defaultSampleType: small(12),
  comment: fc.array(small(12), { maxLength: 2 }),
});

/** The `index`-th input of a run: a structured message (one in four) or a mutated corpus entry, gzip'd one time in four. */
export function fuzzInput(seed: number, index: number, corpus: readonly Uint8Array[]): Uint8Array {
  const rng = new Rng(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
  let bytes: Uint8Array;
  if (rng.chance(0.25)) {
    const [message] = fc.sample(profileMessages, { seed: (seed ^ index) | 0, numRuns: 1 });
    bytes = encodeMessage(message as unknown as Record<string, unknown>);
    if (rng.chance(0.3)) bytes = mutate(bytes, corpus, rng);
  } else {
    // Smaller entries more often: they decode fast and their mutations reach every field.
    const pick = Math.min(rng.below(corpus.length), rng.below(corpus.length));
    bytes = mutate(corpus[pick]!, corpus, rng);
  }
  if (rng.chance(0.25)) bytes = gzipSync(bytes, { level: 1 });
  return bytes;
}
