import type { Dispatcher } from 'undici';
import type { ProfileDecoder } from '../codec/decode-pool.js';
import type { DecodeLimits } from '../codec/limits.js';
import type { FlamewatchMetrics } from '../common/metrics.js';
import { AddressPolicy } from '../config/address-policy.js';
import { loadConfigFile, watchConfigFile } from '../config/scrape-config-file.js';
import type { CollectorConfig, SignalSource } from '../config/scrape-config-file.js';
import { DEFAULTS } from '../config/defaults.js';
import type { Shard } from '../config/shard.js';
import type { Target } from '../config/target.js';
import type { ScrapeRecordWriter, TargetRegistry } from '../store/metadata-store.js';
import type { ProfileWriter } from '../store/profile-store.js';
import { silentLogger } from './collector-logger.js';
import type { CollectorLogger } from './collector-logger.js';
import { collectorMetrics } from './collector-metrics.js';
import { Collector } from './collector.js';
import { ScrapeJobs } from './discovery/scrape-jobs.js';
import type { JobDiscoveryStatus } from './discovery/scrape-jobs.js';
import { createScrapeAgent } from './scrape-agent.js';
import type { LookupFunction } from './scrape-agent.js';
import type { ScrapeObserver } from './scrape-target.js';
import type { TargetChange, TargetChangeSource } from './target-changes.js';
import type { TargetHealth } from './target-health.js';

/** Options of {@link startCollector}. */
export interface StartCollectorOptions {
  /** Where scraped profiles go. */
  profiles: ProfileWriter;
  /** The API's stored targets (read once at start) and where deploy markers and MemStats go. */
  records: Pick<TargetRegistry, 'listTargets'> & ScrapeRecordWriter;
  /** Default: a keep-alive Agent created (and closed) here, checking `addressPolicy` at connect time. */
  dispatcher?: Dispatcher;
  /** Addresses scrapes and HTTP discovery may connect to; default: link-local and cloud metadata refused. */
  addressPolicy?: AddressPolicy;
  /** How host names resolve at connect time; default `dns.lookup`. */
  lookup?: LookupFunction;
  metrics?: FlamewatchMetrics;
  logger?: CollectorLogger;
  /** Live target changes from the API. */
  events?: TargetChangeSource;
  /** YAML file with scrape_configs; loaded now (unless `config` is its content, already loaded) and again on SIGHUP. */
  configFile?: string;
  config?: CollectorConfig;
  signals?: SignalSource;
  limits?: Readonly<DecodeLimits>;
  /** Decodes scraped profiles (the server's decode pool); default on the main thread. */
  decoder?: ProfileDecoder;
  /** Hooks measuring scrapes (benchmarks). */
  observer?: ScrapeObserver;
  /** Scrape only this shard's targets (config/shard.ts). */
  shard?: Shard;
  /**
   * Read the stored targets again and again (when other replicas add targets to a shared
   * store), at most one interval of the fastest target apart (and at most
   * DEFAULTS.cluster.targetPollMs), so a target added anywhere is scraped within one interval.
   */
  pollTargets?: boolean;
}

/** A running collector, as the serve command holds it; the API reads it as its CollectorView. */
export interface RunningCollector {
  /** Health of one target, undefined until its first scrape. */
  health(targetId: string): TargetHealth | undefined;
  /** The targets of the config file and of its service discovery. */
  configTargets(): Target[];
  /** How each discovery of the config file is doing. */
  discovery(): JobDiscoveryStatus[];
  stop(): Promise<void>;
}

/**
 * Starts scraping: the API's persisted targets, plus the config file's targets when one is
 * given. An invalid config file at start throws; on SIGHUP it is logged and the running
 * config stays.
 */
export async function startCollector(options: StartCollectorOptions): Promise<RunningCollector> {
  const logger = options.logger ?? silentLogger;
  const policy = options.addressPolicy ?? new AddressPolicy();
  const ownAgent = options.dispatcher ? undefined : createScrapeAgent({ policy, lookup: options.lookup });
  const dispatcher = options.dispatcher ?? ownAgent!;
  const collector = new Collector({
    profiles: options.profiles, records: options.records, dispatcher, logger, limits: options.limits, decoder: options.decoder,
    metrics: options.metrics ? collectorMetrics(options.metrics) : undefined, addressPolicy: policy, lookup: options.lookup,
    observer: options.observer, shard: options.shard,
  });
  const jobs = new ScrapeJobs({ collector, client: collector.scrapeClient, logger });
  const apply = (config: CollectorConfig): void => {
    for (const t of config.targets) policy.checkUrl(t.url);
    jobs.apply(config.jobs);
    logger.info({ targets: config.targets.length, jobs: config.jobs.length, file: options.configFile }, 'scrape config loaded');
  };
  try {
    if (options.configFile) apply(options.config ?? await loadConfigFile(options.configFile));
  } catch (err) {
    jobs.stop();
    await ownAgent?.close();
    throw err;
  }
  for (const t of await options.records.listTargets()) {
    try {
      collector.upsert(t);
    } catch (err) {
      logger.error({ target: t.id, err: String(err) }, 'stored target is invalid; not scraped');
    }
  }
  const onChange = (change: TargetChange): void => {
    try {
      if (change.type === 'deleted') collector.remove(change.target.id);
      else collector.upsert(change.target);
    } catch (err) {
      logger.error({ target: change.target.id, err: err instanceof Error ? err.message : String(err) }, 'target not scheduled');
    }
  };
  options.events?.on('change', onChange);
  const onError = (err: unknown): void => {
    logger.error({ file: options.configFile, err: err instanceof Error ? err.message : String(err) }, 'scrape config refused; keeping the running one');
  };
  const unwatch = options.configFile ? watchConfigFile(options.configFile, { onLoad: apply, onError }, options.signals) : () => {};
  collector.start();
  const poller = options.pollTargets ? pollStoredTargets(collector, options.records, logger) : undefined;
  return {
    health: (id) => jobs.heldHealth(id) ?? collector.health(id),
    configTargets: () => [...collector.targets().filter((t) => t.source !== 'api'), ...jobs.heldTargets()],
    discovery: () => jobs.status(),
    async stop() {
      poller?.stop();
      unwatch();
      jobs.stop();
      options.events?.off('change', onChange);
      await collector.stop();
      if (ownAgent) await ownAgent.close();
    },
  };
}

/** JSON of a value with object keys sorted: equal for equal targets, whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/**
 * Follows the stored targets: adds, changes and removes the collector's API targets to match
 * the store, so targets registered through another replica are scraped by their shard.
 */
function pollStoredTargets(collector: Collector, registry: Pick<TargetRegistry, 'listTargets'>, logger: CollectorLogger): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const delay = () => Math.max(500, Math.min(DEFAULTS.cluster.targetPollMs, ...collector.targets().map((t) => t.intervalMs)));
  const poll = async () => {
    try {
      const stored = await registry.listTargets();
      const known = new Map(collector.targets().filter((t) => t.source === 'api').map((t) => [t.id, t]));
      const wanted = new Set(stored.map((t) => t.id));
      for (const id of known.keys()) if (!wanted.has(id)) collector.remove(id);
      for (const t of stored) {
        const before = known.get(t.id);
        if (before !== undefined && canonical(before) === canonical(t)) continue;
        try {
          collector.upsert(t);
        } catch (err) {
          logger.error({ target: t.id, err: err instanceof Error ? err.message : String(err) }, 'stored target is invalid; not scraped');
        }
      }
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot read the stored targets; trying again');
    }
    if (!stopped) timer = setTimeout(() => { void poll(); }, delay());
  };
  timer = setTimeout(() => { void poll(); }, delay());
  return { stop() { stopped = true; clearTimeout(timer); } };
}
