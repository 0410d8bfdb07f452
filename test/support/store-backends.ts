// The store suite runs on every backend: SQLite on a temp file, and ClickHouse on a fresh
// database of the shared test server (support/clickhouse-server.ts). `backendTest` registers one
// test per backend; ClickHouse's is skipped, saying why, where clickhouse-server is missing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import type { MetadataStore } from '../../store/metadata-store.js';
import type { ProfileStore, ProfileStoreOptions } from '../../store/profile-store.js';
import { openClickHouseStore } from '../../store/clickhouse/open-clickhouse-store.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { clickhouseAvailable, dropDatabase, freshDatabaseName, NO_CLICKHOUSE, sharedClickHouseUrl } from './clickhouse-server.js';
import { tempDir } from './temp-store.js';

export type BackendName = 'sqlite' | 'clickhouse';

/** Every backend, in the order tests run them. */
export const BACKENDS: readonly BackendName[] = ['sqlite', 'clickhouse'];

/** The stores of one backend, on data of their own. */
export interface BackendStores {
  readonly backend: BackendName;
  readonly profiles: ProfileStore & { useRollups: boolean };
  readonly metadata: MetadataStore;
  /** The SQLite database file (SQLite only). */
  readonly path?: string;
  /** Closes the stores and opens the same data again. */
  reopen(): Promise<void>;
  /** Bytes stored, once what was written has settled (SQLite: the write-ahead log folded in). */
  settledSize(): Promise<number>;
  /** Closes the stores and deletes their data. */
  dispose(): Promise<void>;
}

/** Why a backend's tests cannot run here, or undefined. */
export function backendSkip(backend: BackendName): string | undefined {
  return backend === 'clickhouse' && !clickhouseAvailable && process.env['FLAMEWATCH_TEST_CLICKHOUSE_URL'] === undefined ? NO_CLICKHOUSE : undefined;
}

/** Opens a backend on fresh data. ClickHouse writes its batches at once (1 ms), as tests ingest one profile at a time. */
export async function openBackend(backend: BackendName, options: ProfileStoreOptions = {}): Promise<BackendStores> {
  if (backend === 'sqlite') {
    const dir = tempDir();
    const path = join(dir, 'flamewatch.db');
    let stores = openSqliteStore(path, options);
    const reopen = async () => {
      stores.close();
      stores = openSqliteStore(path, options);
    };
    return {
      backend, path,
      get profiles() { return stores.profiles; },
      get metadata() { return stores.metadata; },
      reopen,
      async settledSize() {
        await reopen();
        return stores.profiles.sizeBytes();
      },
      async dispose() {
        stores.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await sharedClickHouseUrl();
  const database = freshDatabaseName();
  const dir = tempDir('flamewatch-clickhouse-key-');
  const open = () => openClickHouseStore({ urls: [url], database }, { flushDelayMs: 1, ...options, secretKeyFile: join(dir, 'secret.key') });
  let stores = await open();
  return {
    backend,
    get profiles() { return stores.profiles; },
    get metadata() { return stores.metadata; },
    async reopen() {
      await stores.close();
      stores = await open();
    },
    settledSize: () => stores.profiles.sizeBytes(),
    async dispose() {
      await stores.close();
      await dropDatabase(url, database);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One test per backend, each on fresh stores disposed after it. */
export function backendTest(
  name: string, options: ProfileStoreOptions & { timeout?: number }, fn: (stores: BackendStores, t: TestContext) => Promise<void>,
): void {
  const { timeout, ...storeOptions } = options;
  for (const backend of BACKENDS) {
    test(`${name} [${backend}]`, { skip: backendSkip(backend), timeout: timeout ?? 180_000 }, async (t) => {
      const stores = await openBackend(backend, storeOptions);
      try {
        await fn(stores, t);
      } finally {
        await stores.dispose();
      }
    });
  }
}
