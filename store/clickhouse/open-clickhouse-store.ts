import { StorageUnavailable } from '../../common/errors.js';
import { SecretBox } from '../../config/secret-box.js';
import { ClickHouseMetadataStore } from './clickhouse-metadata-store.js';
import { ClickHouseProfileStore } from './clickhouse-profile-store.js';
import type { ClickHouseProfileStoreOptions } from './clickhouse-profile-store.js';
import { ClickHouseHttp } from './http-client.js';
import { migrate } from './schema.js';
import type { Topology } from './schema.js';
import { identifier } from './sql.js';

/** Where the ClickHouse backend keeps its data. */
export interface ClickHouseLocation {
  /**
   * HTTP URLs of the servers (`http://user:password@host:8123`): one server, or with `cluster`
   * every shard of it (the tables are created on each; queries and inserts go to the first).
   */
  urls: readonly string[];
  database: string;
  /** Cluster name of `remote_servers`: tables are then Distributed over its shards. */
  cluster?: string;
}

/** Options of {@link openClickHouseStore}. */
export interface OpenClickHouseStoreOptions extends ClickHouseProfileStoreOptions {
  /** Key file sealing targets' secrets: every replica must use the same one. */
  secretKeyFile?: string;
}

/** The profile and metadata stores of one ClickHouse database. */
export interface ClickHouseStores {
  profiles: ClickHouseProfileStore;
  metadata: ClickHouseMetadataStore;
  close(): Promise<void>;
}

/** Connects, creates the database and tables when missing (schema.ts), and opens the stores. */
export async function openClickHouseStore(location: ClickHouseLocation, options: OpenClickHouseStoreOptions = {}): Promise<ClickHouseStores> {
  identifier(location.database);
  if (location.cluster !== undefined) identifier(location.cluster);
  const admins = location.urls.map((u) => new ClickHouseHttp(u));
  const shards = admins.map((a) => a.withDatabase(location.database));
  const closeAll = async () => { await Promise.all(admins.map((a) => a.close())); };
  try {
    for (const a of admins) if (!await a.ping()) throw new StorageUnavailable(`ClickHouse at ${a.url} does not answer /ping`);
    const topology: Topology = { database: location.database, cluster: location.cluster, shards, admins };
    await migrate(topology);
    const { secretKeyFile, ...profileOptions } = options;
    const metadata = new ClickHouseMetadataStore(topology, secretKeyFile === undefined ? SecretBox.ephemeral() : new SecretBox(secretKeyFile));
    // Closing the profile store (as the server does) closes all of it.
    const profiles = new ClickHouseProfileStore(topology, profileOptions, async () => {
      try {
        await metadata.close();
      } finally {
        await closeAll();
      }
    });
    return { profiles, metadata, close: () => profiles.close() };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
