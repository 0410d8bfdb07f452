import { SecretBox } from '../../config/secret-box.js';
import { openDatabase } from './database.js';
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
  const db = openDatabase(path);
  const { secretKeyFile, ...profileOptions } = options;
  const profiles = new SqliteProfileStore(db, path, profileOptions);
  const secrets = path === ':memory:' && secretKeyFile === undefined ? SecretBox.ephemeral() : new SecretBox(secretKeyFile ?? `${path}.key`);
  const metadata = new SqliteMetadataStore(db, secrets);
  return { profiles, metadata, close: () => profiles.close() };
}
