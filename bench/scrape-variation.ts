import type { Profile } from '../codec/profile.js';
import { rng } from './measure.js';

/** A scrape-like variation of a real profile: each sample kept with probability 0.85, its values scaled by 1–3. */
export function scrapeVariation(p: Profile, seed: number): Profile {
  const r = rng(seed);
  const width = p.sampleTypes.length;
  const values = p.samples.values.slice();
  for (let i = 0; i < p.samples.count; i++) {
    const f = r() < 0.15 ? 0 : 1 + Math.floor(r() * 3);
    for (let c = 0; c < width; c++) values[i * width + c]! *= f;
  }
  return { ...p, samples: { ...p.samples, values } };
}
