import { createHash } from 'node:crypto';
import { labelSetKey, sampleLabelsKey } from '../codec/identity.js';
import type { LabelSet } from '../codec/identity.js';
import type { LabelTable, Profile } from '../codec/profile.js';
import { IdTable } from './id-table.js';

/**
 * What every store backend keeps of samples' labels, in one place:
 *
 * - a stored row is one (stack, label set): samples of a profile with the same stack and the
 *   same labels (pprof's reading of them, `codec/identity.ts` `sampleLabelSet`) are summed, and
 *   nothing else is merged;
 * - label sets are stored once, de-duplicated by content: a label set is identified by
 *   {@link labelSetHash} of its canonical key (`labelSetKey`), the same in every backend;
 * - the empty label set is not stored: its rows carry the label set id 0;
 * - a label set no stored row refers to any more is collected by retention.
 */

/**
 * The identity of a non-empty label set in a store: the first 16 hex digits (64 bits) of the
 * SHA-256 of its canonical key, e.g. `labelSetHash('[["handler","checkout"]]')`.
 */
export function labelSetHash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** {@link labelSetHash} of a label set. */
export function hashOfLabelSet(labels: LabelSet): string {
  return labelSetHash(labelSetKey(labels));
}

/** The label set keys of a profile's samples: the distinct keys, and each sample's index among them. */
export interface SampleLabelKeys {
  /** The distinct label set keys (`labelSetKey`), '' (no labels) among them when a sample has none. */
  keys: string[];
  /** `keys[of[i]]` is sample i's key. */
  of: Uint32Array;
}

/**
 * The keys last computed per label table: a heap scrape asks for its profile's three times (the
 * allocs delta, then the stored snapshot and delta, which share the scraped profile's labels).
 * Label tables are not changed once decoded; the strings they index must be the same array.
 */
const computed = new WeakMap<LabelTable, { strings: readonly string[]; count: number; keys: SampleLabelKeys }>();

/**
 * The label set keys of a profile's samples, computed once per distinct label table content
 * (and once per label table: the answer is shared, not to be changed). Profiles without labels
 * answer undefined.
 */
export function sampleLabelKeys(profile: Profile): SampleLabelKeys | undefined {
  const lt = profile.samples.labels;
  if (lt.key.length === 0) return undefined;
  const known = computed.get(lt);
  if (known !== undefined && known.strings === profile.strings && known.count === profile.samples.count) return known.keys;
  const keys = labelKeysOf(profile, lt);
  computed.set(lt, { strings: profile.strings, count: profile.samples.count, keys });
  return keys;
}

function labelKeysOf(profile: Profile, lt: LabelTable): SampleLabelKeys {
  const keys: string[] = [];
  const of = new Uint32Array(profile.samples.count);
  const known = new Map<string, number>();
  const keyIndex = (key: string): number => {
    let k = known.get(key);
    if (k === undefined) {
      k = keys.push(key) - 1;
      known.set(key, k);
    }
    return k;
  };
  // Samples of one profile share few label sets: their raw entries (string-table indexes and
  // numbers), hashed, find the first sample that had the same ones, whose key is reused (when
  // two contents share a hash, the second one's key is written out for each of its samples).
  const firstOf = new IdTable(1, 64);
  const hash = new Uint32Array(1);
  const same = (a: number, b: number): boolean => {
    const n = lt.offsets[a + 1]! - lt.offsets[a]!;
    if (lt.offsets[b + 1]! - lt.offsets[b]! !== n) return false;
    for (let k = 0; k < n; k++) {
      const x = lt.offsets[a]! + k, y = lt.offsets[b]! + k;
      if (lt.key[x] !== lt.key[y] || lt.str[x] !== lt.str[y] || lt.num[x] !== lt.num[y] || lt.numUnit[x] !== lt.numUnit[y]) return false;
    }
    return true;
  };
  let none = -1;
  for (let i = 0; i < of.length; i++) {
    const start = lt.offsets[i]!, end = lt.offsets[i + 1]!;
    if (start === end) {
      if (none < 0) none = keyIndex('');
      of[i] = none;
      continue;
    }
    let h = end - start;
    for (let k = start; k < end; k++) {
      h = Math.imul(h ^ lt.key[k]!, 0x9e3779b1) ^ lt.str[k]! ^ Math.imul(lt.numUnit[k]!, 0x85ebca6b);
      h = Math.imul(h ^ (lt.num[k]! | 0) ^ Math.floor(lt.num[k]! / 0x100000000), 0xc2b2ae35);
    }
    hash[0] = h;
    const earlier = firstOf.get(hash);
    if (earlier >= 0 && same(i, earlier)) { of[i] = of[earlier]!; continue; }
    of[i] = keyIndex(sampleLabelsKey(profile, i));
    if (earlier < 0) firstOf.set(hash, 0, i);
  }
  return { keys, of };
}
