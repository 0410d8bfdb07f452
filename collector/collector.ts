import type { Dispatcher } from 'undici';
import type { AddressPolicy } from '../config/address-policy.js';
import { inlineDecoder } from '../codec/decode-pool.js';
import type { ProfileDecoder } from '../codec/decode-pool.js';
import { resolveLimits } from '../codec/limits.js';
import type { DecodeLimits } from '../codec/limits.js';
import { DEFAULTS } from '../config/defaults.js';
import { checkTarget } from '../config/target.js';
import { ownsTarget } from '../config/shard.js';
import type { Shard } from '../config/shard.js';
import type { Target } from '../config/target.js';
import type { ScrapeHealthRecord, ScrapeRecordWriter } from '../store/metadata-store.js';
import type { ProfileWriter } from '../store/profile-store.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { silentLogger } from './collector-logger.js';
import type { CollectorLogger } from './collector-logger.js';
import { noMetrics } from './collector-metrics.js';
import type { CollectorMetrics } from './collector-metrics.js';
import { DeployRecorder } from './deploy-markers.js';
import { MemStatsGate } from './memstats.js';
import { cronTicker } from './schedule-ticker.js';
import type { Ticker } from './schedule-ticker.js';
import { Scheduler } from './schedule.js';
import type { LookupFunction } from './scrape-agent.js';
import { HttpScrapeClient } from './scrape-client.js';
import type { ScrapeClient } from './scrape-client.js';
import { TargetScraper } from './scrape-target.js';
import type { ScrapeObserver } from './scrape-target.js';
import { HealthBook } from './target-health.js';
import type { TargetHealth } from './target-health.js';

/** Options of {@link Collector}. */
export interface CollectorOptions {
  /** Where scraped profiles go. */
  profiles: ProfileWriter;
  /** Where deploy markers and MemStats go. */
  records: ScrapeRecordWriter;
  /**
   * The keep-alive pool of scrapes without TLS settings; createScrapeAgent's checks the
   * address policy at connect time. Targets with TLS settings get pools of their own.
   */
  dispatcher: Dispatcher;
  /** The address policy and lookup of those pools of their own. */
  addressPolicy?: AddressPolicy;
  lookup?: LookupFunction;
  metrics?: CollectorMetrics;
  logger?: CollectorLogger;
  clock?: Clock;
  /** Drives the scheduler; default one node-cron task ticking every second. */
  ticker?: Ticker;
  limits?: Readonly<DecodeLimits>;
  /** Decodes scraped profiles; default on the main thread. */
  decoder?: ProfileDecoder;
  observer?: ScrapeObserver;
  /** Scrape only this shard's targets (config/shard.ts); the others are known, listed, not scraped. */
  shard?: Shard;
}

/**
 * The continuous part of continuous profiling: scrapes every target at its interval, stores
 * the profiles, keeps health and writes deploy markers. Targets change live through
 * {@link reload}, {@link upsert} and {@link remove}.
 */
export class Collector {
  private readonly scrapers = new Map<string, TargetScraper>();
  /** Targets another shard scrapes. */
  private readonly others = new Map<string, Target>();
  private readonly scheduler: Scheduler;
  private readonly healthBook = new HealthBook((record) => this.storeHealth(record));
  private readonly memStatsGate = new MemStatsGate(DEFAULTS.target.memStatsConcurrency);
  private readonly deploys: DeployRecorder;
  private readonly clock: Clock;
  private readonly logger: CollectorLogger;
  private readonly client: ScrapeClient;

  constructor(private readonly options: CollectorOptions) {
    this.client = new HttpScrapeClient({ dispatcher: options.dispatcher, policy: options.addressPolicy, lookup: options.lookup });
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.scheduler = new Scheduler({ clock: this.clock, ticker: options.ticker ?? cronTicker() });
    this.deploys = new DeployRecorder(options.records, this.clock, this.logger);
  }

  start(): void {
    this.scheduler.start();
  }

  /** Stores a scrape outcome for the other replicas; a failure is logged, never thrown (it must not fail the scrape). */
  private storeHealth(record: ScrapeHealthRecord): void {
    const failed = (err: unknown) => this.logger.warn({ target: record.targetId, err: err instanceof Error ? err.message : String(err) }, 'cannot store scrape health');
    try {
      void Promise.resolve(this.options.records.recordHealth(record)).catch(failed);
    } catch (err) {
      failed(err);
    }
  }

  /** Stops scheduling, aborts running scrapes and waits for them. */
  async stop(): Promise<void> {
    this.scheduler.stop();
    await Promise.all([...this.scrapers.values()].map((s) => s.stop()));
    await this.client.close();
  }

  /** The client scrapes go through; HTTP discovery uses it too. */
  get scrapeClient(): ScrapeClient {
    return this.client;
  }

  /** Health of a target, undefined until its first scrape. */
  health(targetId: string): TargetHealth | undefined {
    return this.healthBook.health(targetId);
  }

  /** The targets known: those scraped here, and those another shard scrapes. */
  targets(): Target[] {
    return [...[...this.scrapers.values()].map((s) => s.current), ...this.others.values()];
  }

  /** True when this collector scrapes the target (not another shard). */
  scrapes(targetId: string): boolean {
    return this.scrapers.has(targetId);
  }

  /** Adds a target or changes one; a change of labels writes a deploy marker. Another shard's target is only remembered. */
  upsert(target: Target): void {
    checkTarget(target);
    if (!ownsTarget(this.options.shard, target)) {
      if (this.scrapers.has(target.id)) this.remove(target.id);
      this.others.set(target.id, target);
      return;
    }
    this.others.delete(target.id);
    const existing = this.scrapers.get(target.id);
    if (existing) {
      const before = existing.current;
      void this.deploys.labelsChanged(before, target);
      existing.update(target);
      if (before.intervalMs !== target.intervalMs) this.schedule(existing);
      return;
    }
    const scraper = new TargetScraper(target, {
      client: this.client, profiles: this.options.profiles, records: this.options.records,
      health: this.healthBook, metrics: this.options.metrics ?? noMetrics, deploys: this.deploys,
      logger: this.logger, clock: this.clock, limits: this.options.limits ?? resolveLimits(),
      decoder: this.options.decoder ?? inlineDecoder, memStatsGate: this.memStatsGate, observer: this.options.observer,
    });
    this.scrapers.set(target.id, scraper);
    this.schedule(scraper);
  }

  /** Stops scraping a target; its running scrapes are aborted. */
  remove(targetId: string): boolean {
    if (this.others.delete(targetId)) return true;
    const scraper = this.scrapers.get(targetId);
    if (!scraper) return false;
    this.scheduler.delete(targetId);
    this.scrapers.delete(targetId);
    this.healthBook.forget(targetId);
    this.deploys.forget(targetId);
    void scraper.stop();
    return true;
  }

  /**
   * Replaces the targets of one source (or, given `job`, the config and discovered targets of
   * that scrape config) with `targets`: new ones are added, changed ones updated (keeping their
   * baselines), missing ones removed. Targets out of scope stay. Every target is checked
   * before anything changes, so an invalid list changes nothing.
   */
  reload(targets: readonly Target[], source: Target['source'] = 'config', job?: string): void {
    for (const t of targets) checkTarget(t);
    const wanted = new Set(targets.map((t) => t.id));
    const inScope = (t: Target): boolean => (job === undefined ? t.source === source : t.source !== 'api' && t.job === job);
    for (const t of this.targets()) {
      if (inScope(t) && !wanted.has(t.id)) this.remove(t.id);
    }
    for (const t of targets) this.upsert(job === undefined ? { ...t, source } : t);
  }

  private schedule(scraper: TargetScraper): void {
    const { id, intervalMs } = scraper.current;
    this.scheduler.set(id, intervalMs, (dueMs, missed) => this.scrapers.get(id)?.tick(dueMs, missed));
  }
}
