import Database from 'better-sqlite3';
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

/** A store on a new database file in a temp directory. */
export interface TempStore extends SqliteStores {
  readonly path: string;
  /** Closes the database and opens it again: `profiles` and `metadata` are then the reopened ones. */
  reopen(): void;
  /** The file's size with its write-ahead log folded in (the store is reopened to get there). */
  settledSize(): number;
  /** Closes the store and removes the directory. */
  dispose(): void;
}

/** A store on a new database file in a temp directory; `dispose` closes it and removes the directory. */
export function tempStore(options: SqliteProfileStoreOptions = {}): TempStore {
  const dir = tempDir();
  const path = join(dir, 'flamewatch.db');
  let stores = openSqliteStore(path, options);
  const store: TempStore = {
    path,
    get profiles() { return stores.profiles; },
    get metadata() { return stores.metadata; },
    close: () => stores.close(),
    reopen: () => {
      stores.close();
      stores = openSqliteStore(path, options);
    },
    settledSize: () => {
      store.reopen();
      return stores.profiles.sizeBytes();
    },
    dispose: () => {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return store;
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

/** `PRAGMA integrity_check` of a database file, read from the file itself ('ok' when sound). */
export function integrityOf(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}
