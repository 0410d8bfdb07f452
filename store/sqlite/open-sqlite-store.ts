import { openDatabase } from './database.js';
import { StorageGuard } from './storage-guard.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.js';
import { SqliteProfileStore } from './sqlite-profile-store.js';
import type { SqliteProfileStoreOptions } from './sqlite-profile-store.js';

/** The profile and metadata stores of one SQLite database file. */
export interface SqliteStores {
  profiles: SqliteProfileStore;
  metadata: SqliteMetadataStore;
  close(): void;
}

/** Opens (creating and migrating when needed) the database at `path`. */
export function openSqliteStore(path: string, options: SqliteProfileStoreOptions = {}): SqliteStores {
  const db = openDatabase(path, options.maxDatabaseBytes);
  const guard = new StorageGuard(path, options.maxDatabaseBytes);
  const profiles = new SqliteProfileStore(db, path, options, guard);
  const metadata = new SqliteMetadataStore(db, guard);
  return { profiles, metadata, close: () => profiles.close() };
}
