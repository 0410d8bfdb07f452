import { rng } from '../../bench/measure.js';
import type { Profile } from '../../codec/profile.js';

/**
 * A copy of `base` with `samples` samples, each with a random stack (new with near certainty:
 * depth 12–27 over the real locations of `base`) and random values; the same seed gives the
 * same profile.
 */
export function distinctStacks(base: Profile, seed: number, samples: number): Profile {
  const r = rng(seed);
  const offsets = new Uint32Array(samples + 1), locs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const depth = 12 + Math.floor(r() * 16);
    for (let d = 0; d < depth; d++) locs.push(Math.floor(r() * base.locations.length));
    offsets[i + 1] = locs.length;
  }
  const width = base.sampleTypes.length;
  const values = new Float64Array(samples * width).map(() => 1 + Math.floor(r() * 100));
  const none = { offsets: new Uint32Array(samples + 1), key: new Uint32Array(0), str: new Uint32Array(0), num: new Float64Array(0), numUnit: new Uint32Array(0) };
  return { ...base, samples: { count: samples, stackOffsets: offsets, locations: Uint32Array.from(locs), values, labels: none } };
}
