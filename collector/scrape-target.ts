import type { ProfileDecoder } from '../codec/decode-pool.js';
import type { DecodeLimits } from '../codec/limits.js';
import { selectColumns } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';
import type { Labels } from '../common/labels.js';
import type { ScrapeOutcome } from '../common/metrics.js';
import type { ProfileKind } from '../common/profile-types.js';
import { DEFAULTS } from '../config/defaults.js';
import { instanceOf } from '../config/target.js';
import type { ScrapeProfile, Target } from '../config/target.js';
import type { ScrapeRecordWriter } from '../store/metadata-store.js';
import type { ProfileWriter } from '../store/profile-store.js';
import type { Clock } from './clock.js';
import type { CollectorLogger } from './collector-logger.js';
import type { CollectorMetrics } from './collector-metrics.js';
import type { DeployRecorder } from './deploy-markers.js';
import { ALLOC_COLUMNS, DeltaTracker, INUSE_COLUMNS } from './heap-deltas.js';
import { MEMSTATS_TRAILER, memStatsWentBack, parseMemStats } from './memstats.js';
import type { MemStatsGate } from './memstats.js';
import { scrapeLimits } from './scrape-client.js';
import type { ScrapeClient } from './scrape-client.js';
import { endpointUrl } from './scrape-urls.js';
import type { HealthBook } from './target-health.js';

/** Everything a target scraper uses, injected. */
export interface ScrapeDeps {
  client: ScrapeClient;
  profiles: ProfileWriter;
  records: ScrapeRecordWriter;
  health: HealthBook;
  metrics: CollectorMetrics;
  deploys: DeployRecorder;
  logger: CollectorLogger;
  clock: Clock;
  limits: Readonly<DecodeLimits>;
  decoder: ProfileDecoder;
  /** Shared by every target of a collector: bounds the MemStats texts streamed at once. */
  memStatsGate: MemStatsGate;
  observer?: ScrapeObserver;
}

/** Hooks for measuring the collector (benchmarks, tests). */
export interface ScrapeObserver {
  started?(targetId: string, job: ScrapeProfile, dueMs: number, startedMs: number): void;
  skipped?(targetId: string, job: ScrapeProfile, ticks: number): void;
  finished?(targetId: string, job: ScrapeProfile, ok: boolean, durationMs: number): void;
}

/** The scrapes a target's profiles need: `allocs` is covered by `heap` when both are asked for. */
export function scrapeJobs(profiles: readonly ScrapeProfile[]): ScrapeProfile[] {
  const jobs = [...new Set(profiles)];
  return jobs.includes('heap') ? jobs.filter((p) => p !== 'allocs') : jobs;
}

/** Bytes received and profiles stored by one scrape. */
interface JobResult { bytes: number }

/**
 * Scrapes one target. Each profile has at most one scrape in flight; a tick that finds the
 * previous scrape of a profile still running is skipped and counted. Counters (alloc_*,
 * block, mutex) are stored as deltas, snapshots (inuse_*, goroutine) as they are.
 */
export class TargetScraper {
  private readonly inFlight = new Set<ScrapeProfile>();
  private readonly pending = new Set<Promise<void>>();
  private readonly allocs = new DeltaTracker(ALLOC_COLUMNS);
  private readonly block = new DeltaTracker(['contentions', 'delay']);
  private readonly mutex = new DeltaTracker(['contentions', 'delay']);
  private binary: string | null = null;
  private memStats: Record<string, number> | null = null;
  /** When MemStats were last fetched: at most once per DEFAULTS.target.memStatsIntervalMs. */
  private memStatsAt = -Infinity;
  private readonly abort = new AbortController();
  private labels: Labels;

  constructor(private target: Target, private readonly deps: ScrapeDeps) {
    this.labels = seriesLabels(target);
  }

  get current(): Target {
    return this.target;
  }

  /** Takes new settings; counters and baselines carry over while the URL stays the same. */
  update(target: Target): void {
    if (target.url !== this.target.url || target.pathPrefix !== this.target.pathPrefix) this.resetBaselines();
    this.deps.health.keepProfiles(target.id, scrapeJobs(target.profiles));
    this.target = target;
    this.labels = seriesLabels(target);
  }

  /** Starts every due scrape that is not already running. */
  tick(dueMs: number, missedSlots: number): void {
    if (this.abort.signal.aborted) return;
    for (const job of scrapeJobs(this.target.profiles)) {
      if (missedSlots > 0) this.skip(job, missedSlots);
      if (this.inFlight.has(job)) {
        this.skip(job, 1);
        continue;
      }
      this.inFlight.add(job);
      const p = this.run(job, dueMs).finally(() => {
        this.inFlight.delete(job);
        this.pending.delete(p);
      });
      this.pending.add(p);
    }
  }

  /** Aborts running scrapes and waits for them to settle. */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.pending]);
  }

  private skip(job: ScrapeProfile, ticks: number): void {
    this.deps.metrics.skipped(this.target.id, job, ticks);
    this.deps.observer?.skipped?.(this.target.id, job, ticks);
  }

  private async run(job: ScrapeProfile, dueMs: number): Promise<void> {
    const { clock, health, metrics, observer, logger } = this.deps;
    const startedMs = clock.now();
    const t0 = performance.now();
    const id = this.target.id;
    observer?.started?.(id, job, dueMs, startedMs);
    try {
      const result = await this.scrape(job);
      if (this.abort.signal.aborted) return;
      const ms = performance.now() - t0;
      health.success(id, job, startedMs, ms, result.bytes);
      metrics.scrape(id, job, 'ok', ms / 1000);
      observer?.finished?.(id, job, true, ms);
    } catch (err) {
      if (this.abort.signal.aborted) return;
      const ms = performance.now() - t0;
      const message = err instanceof Error ? err.message : String(err);
      const outcome: ScrapeOutcome = (err as { code?: unknown }).code === 'FW_SCRAPE_TIMEOUT' ? 'timeout' : 'error';
      health.failure(id, job, startedMs, ms, message);
      metrics.scrape(id, job, outcome, ms / 1000);
      observer?.finished?.(id, job, false, ms);
      logger.warn({ target: id, profile: job, err: message }, 'scrape failed');
    }
  }

  private async fetch(endpoint: ScrapeProfile | 'memstats'): Promise<Uint8Array> {
    const t = this.target;
    const timeoutMs = endpoint === 'cpu' ? t.cpuSeconds * 1000 + t.timeoutMs : t.timeoutMs;
    const res = await this.deps.client.fetch(t, endpointUrl(t, endpoint), {
      timeoutMs, maxBytes: scrapeLimits(t, this.deps.limits).maxCompressedBytes, signal: this.abort.signal,
      // heap?debug=1 lists every sample before the trailer: only the trailer is kept.
      ...(endpoint === 'memstats' ? { keepFrom: MEMSTATS_TRAILER } : {}),
    });
    return res.bytes;
  }

  private async scrape(job: ScrapeProfile): Promise<JobResult> {
    switch (job) {
      case 'heap': return this.scrapeHeap('heap');
      case 'allocs': return this.scrapeHeap('allocs');
      case 'block': return this.scrapeCounters('block', this.block);
      case 'mutex': return this.scrapeCounters('mutex', this.mutex);
      case 'cpu':
      case 'goroutine': {
        const bytes = await this.fetch(job);
        const profile = await this.decode(bytes);
        await this.ingest(profile, job, bytes.length, profile.timeNanos > 0 ? Math.round(profile.timeNanos / 1e6) : this.deps.clock.now());
        return { bytes: bytes.length };
      }
    }
  }

  private async scrapeHeap(job: 'heap' | 'allocs'): Promise<JobResult> {
    const gate = this.deps.memStatsGate;
    const wantMemStats = job === 'heap' && this.deps.clock.now() - this.memStatsAt >= DEFAULTS.target.memStatsIntervalMs && gate.tryAcquire();
    if (wantMemStats) this.memStatsAt = this.deps.clock.now();
    const memStats = wantMemStats ? this.fetch('memstats').finally(() => gate.release()) : Promise.resolve(null);
    const [heap, text] = await Promise.allSettled([this.fetch(job), memStats]);
    if (heap.status === 'rejected') throw heap.reason;
    const bytes = heap.value;
    const profile = await this.decode(bytes);
    const now = this.deps.clock.now();
    let restarted = false;
    if (text.status === 'fulfilled' && text.value !== null) restarted = await this.recordMemStats(text.value, now);
    else if (text.status === 'rejected') this.deps.logger.warn({ target: this.target.id, err: String(text.reason) }, 'MemStats scrape failed');

    if (job === 'heap') await this.ingest(selectColumns(profile, INUSE_COLUMNS, 'inuse_space'), 'heap', bytes.length, now);
    if (restarted) this.allocs.reset();
    const outcome = this.allocs.next(profile, now);
    if (restarted || outcome.kind === 'restart') {
      await this.deps.deploys.restarted(this.target, 'restart', restarted ? 'MemStats counters went down' : (outcome as { reason: string }).reason);
      this.block.reset();
      this.mutex.reset();
    } else if (outcome.kind === 'delta' && outcome.profile.samples.count > 0) {
      await this.ingest(outcome.profile, 'heap', job === 'allocs' ? bytes.length : 0, now);
    }
    return { bytes: bytes.length };
  }

  private async scrapeCounters(kind: 'block' | 'mutex', tracker: DeltaTracker): Promise<JobResult> {
    const bytes = await this.fetch(kind);
    const profile = await this.decode(bytes);
    const now = this.deps.clock.now();
    const outcome = tracker.next(profile, now);
    if (outcome.kind === 'restart') await this.deps.deploys.restarted(this.target, 'restart', `${kind}: ${outcome.reason}`);
    else if (outcome.kind === 'delta' && outcome.profile.samples.count > 0) await this.ingest(outcome.profile, kind, bytes.length, now);
    return { bytes: bytes.length };
  }

  private async decode(bytes: Uint8Array): Promise<Profile> {
    const profile = await this.deps.decoder.decode(bytes, scrapeLimits(this.target, this.deps.limits));
    this.checkBinary(profile);
    return profile;
  }

  /** A different main mapping (file name or build id) means a new binary: new baselines and a marker. */
  private checkBinary(profile: Profile): void {
    const main = profile.mappings[0];
    if (!main || main.filename === '') return;
    const identity = `${main.filename}\u0000${main.buildId}`;
    if (this.binary !== null && this.binary !== identity) {
      this.resetBaselines();
      void this.deps.deploys.restarted(this.target, 'binary-changed', `main mapping is now ${main.filename} ${main.buildId}`.trim());
    }
    this.binary = identity;
  }

  /** Stores the MemStats reading; true when its counters went down (a restart). */
  private async recordMemStats(bytes: Uint8Array, now: number): Promise<boolean> {
    const values = parseMemStats(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    if (Object.keys(values).length === 0) return false;
    const wentBack = this.memStats !== null && memStatsWentBack(this.memStats, values);
    this.memStats = values;
    await this.deps.records.addMemStats({ timeMs: now, targetId: this.target.id, service: this.target.service, labels: this.labels, values });
    return wentBack;
  }

  private resetBaselines(): void {
    this.allocs.reset();
    this.block.reset();
    this.mutex.reset();
    this.memStats = null;
  }

  private async ingest(profile: Profile, kind: ProfileKind, receivedBytes: number, timeMs: number): Promise<void> {
    await this.deps.profiles.ingest({ profile, labels: this.labels, kind, timeMs, receivedBytes, intervalMs: this.target.intervalMs });
    this.deps.metrics.ingested(kind, receivedBytes);
  }
}

/** Labels of every series scraped from a target: its own, service, and instance (host:port unless relabeling set one). */
export function seriesLabels(target: Pick<Target, 'labels' | 'service' | 'url'>): Labels {
  return { ...target.labels, service: target.service, instance: target.labels['instance'] ?? instanceOf(target) };
}
