import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Outcome of one scrape, as the collector reports it. */
export type ScrapeOutcome = 'ok' | 'error' | 'timeout';

/**
 * flamewatch's Prometheus metrics. The server exposes `registry` at `/metrics`; the collector
 * records scrapes through the same object, so both halves share one registry per process.
 */
export interface FlamewatchMetrics {
  readonly registry: Registry;
  /** `flamewatch_scrapes_total{target, profile, outcome}` */
  readonly scrapes: Counter<'target' | 'profile' | 'outcome'>;
  /** `flamewatch_scrape_duration_seconds{target, profile}` */
  readonly scrapeDuration: Histogram<'target' | 'profile'>;
  /** `flamewatch_ingest_bytes_total{source}`: bytes as received; source is `push` or `scrape`. */
  readonly ingestBytes: Counter<'source'>;
  /** `flamewatch_ingest_profiles_total{source, kind}` */
  readonly ingestProfiles: Counter<'source' | 'kind'>;
  /** `flamewatch_query_duration_seconds{route}` */
  readonly queryDuration: Histogram<'route'>;
  /** `flamewatch_database_size_bytes`, read when scraped. */
  readonly databaseSize: Gauge;
  /** Sets where the database size is read from at scrape time. */
  setDatabaseSizeSource(read: () => number | Promise<number>): void;
}

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop lag). Default true. */
  processMetrics?: boolean;
}

/** Creates a fresh registry with every flamewatch metric; tests get isolated registries. */
export function createMetrics(options: MetricsOptions = {}): FlamewatchMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'flamewatch_' });
  let readSize: () => number | Promise<number> = () => 0;
  const metrics: FlamewatchMetrics = {
    registry,
    scrapes: new Counter({
      name: 'flamewatch_scrapes_total', help: 'Scrapes of pprof endpoints by target, profile and outcome.',
      labelNames: ['target', 'profile', 'outcome'] as const, registers: [registry],
    }),
    scrapeDuration: new Histogram({
      name: 'flamewatch_scrape_duration_seconds', help: 'Duration of scrapes, including the CPU profile window.',
      labelNames: ['target', 'profile'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60], registers: [registry],
    }),
    ingestBytes: new Counter({
      name: 'flamewatch_ingest_bytes_total', help: 'Bytes of profiles received, as received (compressed).',
      labelNames: ['source'] as const, registers: [registry],
    }),
    ingestProfiles: new Counter({
      name: 'flamewatch_ingest_profiles_total', help: 'Profiles stored, by source and kind.',
      labelNames: ['source', 'kind'] as const, registers: [registry],
    }),
    queryDuration: new Histogram({
      name: 'flamewatch_query_duration_seconds', help: 'Latency of query API requests by route.',
      labelNames: ['route'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
    }),
    databaseSize: new Gauge({
      name: 'flamewatch_database_size_bytes', help: 'Size of the profile database in bytes.',
      registers: [registry],
      async collect() { this.set(await readSize()); },
    }),
    setDatabaseSizeSource(read) { readSize = read; },
  };
  return Object.freeze(metrics);
}
