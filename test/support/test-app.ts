import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.js';
import type { AppDependencies } from '../../api/app.js';
import { resolveLimits } from '../../codec/limits.js';
import type { ProfileStoreOptions } from '../../store/profile-store.js';
import { fixture } from './fixtures.js';
import { BACKENDS, backendSkip, openBackend } from './store-backends.js';
import type { BackendName, BackendStores } from './store-backends.js';

/** A fixed "now" for API tests: 2026-01-01T12:00:00Z. */
export const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

export interface TestApp {
  app: FastifyInstance;
  stores: BackendStores;
  /** Closes the app and removes the database. */
  dispose(): Promise<void>;
}

/** The API on a real store (SQLite in a temp dir by default), with the clock pinned at {@link NOW}. */
export async function testApp(
  overrides: Partial<Omit<AppDependencies, 'store' | 'metadata'>> = {}, storeOptions: ProfileStoreOptions = {}, backend: BackendName = 'sqlite',
): Promise<TestApp> {
  const stores = await openBackend(backend, storeOptions);
  const app = buildApp({
    store: stores.profiles, metadata: stores.metadata, limits: resolveLimits(), tokens: {}, now: () => NOW, ...overrides,
  });
  await app.ready();
  return {
    app, stores,
    async dispose() {
      await app.close();
      await stores.dispose();
    },
  };
}

/** One test per backend, each on an API of its own (see {@link testApp}), disposed after it. */
export function apiTest(
  name: string, options: { overrides?: Partial<Omit<AppDependencies, 'store' | 'metadata'>>; store?: ProfileStoreOptions; timeout?: number },
  fn: (t: TestApp, backend: BackendName) => Promise<void>,
): void {
  for (const backend of BACKENDS) {
    test(`${name} [${backend}]`, { skip: backendSkip(backend), timeout: options.timeout ?? 60_000 }, async () => {
      const t = await testApp(options.overrides, options.store, backend);
      try {
        await fn(t, backend);
      } finally {
        await t.dispose();
      }
    });
  }
}

/** A fixture's bytes, as a client would send them. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(fixture(name));
}

/** Pushes a fixture through `POST /api/v1/ingest`; returns the parsed answer and status. */
export async function ingestFixture(app: FastifyInstance, name: string, query: string, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST', url: `/api/v1/ingest?${query}`, payload: fixtureBytes(name),
    headers: { 'content-type': 'application/octet-stream', ...headers },
  });
  return { statusCode: res.statusCode, body: res.json() as { ids: number[]; type: string; types: string[] } };
}

/** The JSON error body, for asserting codes and messages. */
export interface ErrorBody {
  error: string;
  message: string;
  statusCode: number;
}
