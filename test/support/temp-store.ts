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
