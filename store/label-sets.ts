import { createHash } from 'node:crypto';
import { labelSetKey, sampleLabelsKey } from '../codec/identity.js';
import type { LabelSet } from '../codec/identity.js';
import type { Profile } from '../codec/profile.js';

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

/**
 * The label set keys of a profile's samples, computed once per distinct label table content:
 * `keys[i]` is sample i's `labelSetKey` ('' for none). Profiles without labels answer undefined.
 */
export function sampleLabelKeys(profile: Profile): string[] | undefined {
  const lt = profile.samples.labels;
  if (lt.key.length === 0) return undefined;
  const keys = new Array<string>(profile.samples.count);
  // Samples of one profile share few label sets: the raw entries (string-table indexes) are a
  // cheap local key for the canonical one.
  const local = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    const start = lt.offsets[i]!, end = lt.offsets[i + 1]!;
    if (start === end) { keys[i] = ''; continue; }
    let raw = '';
    for (let k = start; k < end; k++) raw += `${lt.key[k]},${lt.str[k]},${lt.num[k]},${lt.numUnit[k]};`;
    let key = local.get(raw);
    if (key === undefined) {
      key = sampleLabelsKey(profile, i);
      local.set(raw, key);
    }
    keys[i] = key;
  }
  return keys;
}
