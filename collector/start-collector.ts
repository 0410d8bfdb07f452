import type { Dispatcher } from 'undici';
import type { DecodeLimits } from '../codec/limits.js';
import type { FlamewatchMetrics } from '../common/metrics.js';
import type { MetadataStore, Target, TargetHealth } from '../store/metadata-store.js';
import type { ProfileStore } from '../store/profile-store.js';
import { Collector } from './collector.js';
import { silentLogger } from './collector-logger.js';
import type { CollectorLogger } from './collector-logger.js';
import { collectorMetrics } from './collector-metrics.js';
import { loadConfigFile, watchConfigFile } from './config-file.js';
import type { CollectorConfig, SignalSource } from './config-file.js';
import { createScrapeAgent } from './scrape-agent.js';

/** A change of the API's targets, as published after it was persisted. */
export type TargetChangeEvent =
  | { type: 'created'; target: Target }
  | { type: 'updated'; target: Target; previous: Target }
  | { type: 'deleted'; target: Target };

/** Where API target changes come from (the API's TargetEvents fits). */
export interface TargetChangeSource {
  on(event: 'change', listener: (change: TargetChangeEvent) => void): unknown;
  off(event: 'change', listener: (change: TargetChangeEvent) => void): unknown;
}

/** Options of {@link startCollector}. */
export interface StartCollectorOptions {
  store: ProfileStore;
  metadata: MetadataStore;
  /** Default: a keep-alive Agent created (and closed) here. */
  dispatcher?: Dispatcher;
  metrics?: FlamewatchMetrics;
  logger?: CollectorLogger;
  /** Live target changes from the API. */
  events?: TargetChangeSource;
  /** YAML file with scrape_configs; loaded now and again on SIGHUP. */
  configFile?: string;
  signals?: SignalSource;
  limits?: Readonly<DecodeLimits>;
}

/** A running collector, as the serve command holds it. */
export interface RunningCollector {
  collector: Collector;
  /** For the API: health of one target. */
  health(targetId: string): TargetHealth | undefined;
  /** For the API: the targets of the config file. */
  configTargets(): Target[];
  /** Storage settings of the config file, when one was given. */
  storage: CollectorConfig['storage'];
  /** Reads the config file again (what SIGHUP does). */
  reloadConfig(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts scraping: the API's persisted targets, plus the config file's targets when one is
 * given. An invalid config file at start throws; on SIGHUP it is logged and the running
 * config stays.
 */
export async function startCollector(options: StartCollectorOptions): Promise<RunningCollector> {
  const logger = options.logger ?? silentLogger;
  const ownAgent = options.dispatcher ? undefined : createScrapeAgent();
  const dispatcher = options.dispatcher ?? ownAgent!;
  const collector = new Collector({
    store: options.store, metadata: options.metadata, dispatcher, logger, limits: options.limits,
    metrics: options.metrics ? collectorMetrics(options.metrics) : undefined,
  });
  let storage: CollectorConfig['storage'] = {};
  const apply = (config: CollectorConfig): void => {
    collector.reload(config.targets, 'config');
    storage = config.storage;
    logger.info({ targets: config.targets.length, file: options.configFile }, 'scrape config loaded');
  };
  if (options.configFile) apply(await loadConfigFile(options.configFile));
  for (const t of options.metadata.listTargets()) {
    try {
      collector.upsert(t);
    } catch (err) {
      logger.error({ target: t.id, err: String(err) }, 'stored target is invalid; not scraped');
    }
  }
  const onChange = (change: TargetChangeEvent): void => {
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
  return {
    collector,
    health: (id) => collector.health(id),
    configTargets: () => collector.targets().filter((t) => t.source === 'config'),
    get storage() { return storage; },
    async reloadConfig() {
      if (!options.configFile) return;
      try {
        apply(await loadConfigFile(options.configFile));
      } catch (err) {
        onError(err);
        throw err;
      }
    },
    async stop() {
      unwatch();
      options.events?.off('change', onChange);
      await collector.stop();
      if (ownAgent) await ownAgent.close();
    },
  };
}
