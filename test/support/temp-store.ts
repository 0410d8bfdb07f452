import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProfile } from '../../codec/decode.js';
import type { Profile } from '../../codec/profile.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../../store/sqlite/open-sqlite-store.js';
import type { SqliteProfileStoreOptions } from '../../store/sqlite/sqlite-profile-store.js';
import { fixture } from './fixtures.js';

/** A fresh directory in the OS temp dir; remove it with `rmSync(dir, { recursive: true })`. */
export function tempDir(prefix = 'flamewatch-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A store on a new database file in a temp directory; `dispose` closes it and removes the directory. */
export function tempStore(options: SqliteProfileStoreOptions = {}): SqliteStores & { path: string; dispose(): void } {
  const dir = tempDir();
  const path = join(dir, 'flamewatch.db');
  const stores = openSqliteStore(path, options);
  return {
    ...stores, path,
    dispose: () => {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fixture decoded; each call decodes again, so callers may not share mutable state. */
export function loadFixture(name: string): Profile {
  return decodeProfile(readFileSync(fixture(name)));
}

/** A copy of a profile with every value multiplied by `factor` (an integer). */
export function scaled(profile: Profile, factor: number): Profile {
  return { ...profile, samples: { ...profile.samples, values: profile.samples.values.map((v) => v * factor) } };
}

/** A copy of a profile with each sample's values multiplied by 0–3, chosen by a seeded generator. */
export function varied(profile: Profile, seed: number): Profile {
  let x = seed * 2654435761 >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % 4;
  };
  const width = profile.sampleTypes.length;
  const values = profile.samples.values.slice();
  for (let i = 0; i < profile.samples.count; i++) {
    const f = next();
    for (let c = 0; c < width; c++) values[i * width + c]! *= f;
  }
  return { ...profile, samples: { ...profile.samples, values } };
}
