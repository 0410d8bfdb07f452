import { SecretBox } from '../../config/secret-box.js';
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

/** Options of {@link openSqliteStore}. */
export interface OpenSqliteStoreOptions extends SqliteProfileStoreOptions {
  /** Key file sealing targets' secrets; default `<path>.key` beside the database, made on first use. */
  secretKeyFile?: string;
}

/** Opens (creating and migrating when needed) the database at `path`. */
export function openSqliteStore(path: string, options: OpenSqliteStoreOptions = {}): SqliteStores {
  const { secretKeyFile, ...profileOptions } = options;
  const db = openDatabase(path, profileOptions.maxDatabaseBytes);
  const guard = new StorageGuard(path, profileOptions.maxDatabaseBytes);
  const profiles = new SqliteProfileStore(db, path, profileOptions, guard);
  const secrets = path === ':memory:' && secretKeyFile === undefined ? SecretBox.ephemeral() : new SecretBox(secretKeyFile ?? `${path}.key`);
  const metadata = new SqliteMetadataStore(db, secrets, guard);
  return { profiles, metadata, close: () => profiles.close() };
}
