import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createDecodePool } from '../codec/decode-pool.js';
import type { ProfileDecoder } from '../codec/decode-pool.js';
import { resolveLimits } from '../codec/limits.js';
import { ListenFailed } from '../common/errors.js';
import { createMetrics } from '../common/metrics.js';
import type { FlamewatchMetrics } from '../common/metrics.js';
import { AddressPolicy } from '../config/address-policy.js';
import { DEFAULTS } from '../config/defaults.js';
import type { ServerOptions } from '../config/server-options.js';
import type { MetadataStore } from '../store/metadata-store.js';
import type { ProfileStore } from '../store/profile-store.js';
import { buildApp } from './app.js';
import { exposureWarning } from './auth.js';
import { NO_COLLECTOR } from './collector-view.js';
import type { CollectorView } from './collector-view.js';
import type { TargetEvents } from './target-events.js';

/** The two stores of one database. */
export interface Stores {
  store: ProfileStore;
  metadata: MetadataStore;
  /** Deletes what opening created (a new database file), after close; called when the start fails. */
  discard?: () => void;
}

/** Opens the stores of a database file (created when missing). */
export type OpenStores = (dbPath: string) => Stores | Promise<Stores>;

/** What `onReady` gets once the stores are open: what the collector and the maintenance jobs run on. */
export interface ServerReadyContext {
  readonly options: ServerOptions;
  readonly app: FastifyInstance;
  readonly store: ProfileStore;
  readonly metadata: MetadataStore;
  readonly targetEvents: TargetEvents;
  readonly metrics: FlamewatchMetrics;
  /** The decode pool of pushed profiles, for the collector's scrapes too. */
  readonly decoder: ProfileDecoder;
  /** Makes `GET /api/v1/targets` report the collector's health and config-file targets. */
  attachCollector(view: CollectorView): void;
}

/** Stops what `onReady` started; awaited on shutdown before the database closes. */
export type Disposer = () => void | Promise<void>;

export interface StartServerHooks {
  /** Opens the database (the serve command passes the SQLite store). */
  openStores: OpenStores;
  /** Called after the stores open and before listening: start the collector here. */
  onReady?: (context: ServerReadyContext) => void | Disposer | Promise<void | Disposer>;
  /** Version for the OpenAPI document. */
  version?: string;
}

/** A listening server. */
export interface RunningServer {
  readonly app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:9740 */
  readonly url: string;
  readonly port: number;
  /**
   * Shuts down gracefully: the collector stops, the server stops accepting and lets in-flight
   * requests (ingests) finish, then the database closes. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** Listens, turning the usual socket errors (address in use, permission) into FW_LISTEN_FAILED. */
async function listen(app: FastifyInstance, options: ServerOptions): Promise<void> {
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reasons: Record<string, string> = {
      EADDRINUSE: 'the address is in use', EACCES: 'permission denied', EADDRNOTAVAIL: 'the address is not available on this host',
      ENOTFOUND: 'the host name does not resolve',
    };
    if (code !== undefined && code in reasons) throw new ListenFailed(options.host, options.port, reasons[code]!);
    throw err;
  }
}

/** Opens the database, builds the API, runs `onReady` and listens on `options.host:port`. */
export async function startServer(options: ServerOptions, hooks: StartServerHooks): Promise<RunningServer> {
  const createdDir = options.dbPath === ':memory:' || options.clickhouse !== undefined ? undefined : mkdirSync(dirname(options.dbPath), { recursive: true });
  let stores: Stores;
  try {
    stores = await hooks.openStores(options.dbPath);
  } catch (err) {
    if (createdDir !== undefined) rmSync(createdDir, { recursive: true, force: true });
    throw err;
  }
  const { store, metadata } = stores;
  const decoder = await createDecodePool(options.decodeWorkers, DEFAULTS.server.decodeSlabs);
  let collector: CollectorView = NO_COLLECTOR;
  const metrics = createMetrics();
  const tokens = { write: options.writeToken, read: options.readToken };
  const app = buildApp({
    store, metadata, metrics, decoder,
    limits: resolveLimits(options.limits),
    tokens,
    logger: { level: options.logLevel },
    collector: {
      health: (id) => collector.health(id), configTargets: () => collector.configTargets(), discovery: () => collector.discovery?.() ?? [],
    },
    addressPolicy: new AddressPolicy(options.targetAddresses),
    requestTimeoutMs: options.requestTimeoutMs,
    writeRateLimit: options.writeRateLimit,
    seriesLimits: options.seriesLimits,
    version: hooks.version,
  });
  let dispose: Disposer | undefined;
  try {
    await app.ready();
    const result = await hooks.onReady?.({
      options, app, store, metadata, targetEvents: app.targetEvents, metrics, decoder,
      attachCollector(view) { collector = view; },
    });
    if (typeof result === 'function') dispose = result;
    await listen(app, options);
    const warning = exposureWarning(options.host, tokens);
    if (warning !== undefined) app.log.warn(warning);
  } catch (err) {
    await dispose?.();
    await app.close();
    await store.close();
    await decoder.close();
    // A failed start leaves nothing behind: no new database file, no new folder.
    stores.discard?.();
    if (createdDir !== undefined) rmSync(createdDir, { recursive: true, force: true });
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    app, port, url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        try {
          await dispose?.();
        } finally {
          await app.close();
          await store.close();
          await decoder.close();
        }
      })();
      return closing;
    },
  };
}
