import { DEFAULTS } from '../../config/defaults.js';
import { targetLimitProblem, targetsOfGroups } from '../../config/scrape-job.js';
import type { JobTargets, ScrapeJob } from '../../config/scrape-job.js';
import type { TargetGroup } from '../../config/target-groups.js';
import type { Target } from '../../config/target.js';
import type { CollectorLogger } from '../collector-logger.js';
import type { Collector } from '../collector.js';
import type { ScrapeClient } from '../scrape-client.js';
import { UNKNOWN_HEALTH } from '../target-health.js';
import type { TargetHealth } from '../target-health.js';
import type { Discoverer, DiscoveryStatus } from './discoverer.js';
import { DnsDiscovery } from './dns-sd.js';
import { FileDiscovery } from './file-sd.js';
import { HttpDiscovery } from './http-sd.js';

/** Makes the discoverers of a job; injectable for tests. */
export type DiscovererFactory = (job: ScrapeJob, client: ScrapeClient) => Discoverer[];

/** The discoverers of a job's `file_sd_configs`, `http_sd_configs` and `dns_sd_configs`. */
export const defaultDiscoverers: DiscovererFactory = (job, client) => [
  ...job.fileSd.map((c) => new FileDiscovery(c)),
  ...job.httpSd.map((c) => new HttpDiscovery(c, client)),
  ...job.dnsSd.map((c) => new DnsDiscovery(c)),
];

/** A job's discovery status, as `GET /api/v1/discovery` shows it. */
export interface JobDiscoveryStatus extends DiscoveryStatus {
  job: string;
}

interface JobState {
  job: ScrapeJob;
  /** What the discovery configs are: the discoverers are kept across reloads while it stays. */
  discoveryKey: string;
  discoverers: Discoverer[];
  groups: TargetGroup[][];
  settle: NodeJS.Timeout | undefined;
  /** Targets listed but not scraped (target_limit exceeded), and why. */
  held: { targets: Target[]; reason: string } | undefined;
}

/** Options of {@link ScrapeJobs}. */
export interface ScrapeJobsOptions {
  collector: Pick<Collector, 'reload'>;
  client: ScrapeClient;
  logger: CollectorLogger;
  discoverers?: DiscovererFactory;
}

/**
 * Runs the scrape configs of the config file: each job's static groups and the groups its
 * discovery finds are relabeled into targets, which replace the job's targets in the collector
 * (a target that disappears stops being scraped; its data stays). Updates of one job's groups
 * within a short settle time are applied once. A job with more targets than its target_limit
 * scrapes none: they are listed down with the reason.
 */
export class ScrapeJobs {
  private readonly jobs = new Map<string, JobState>();
  /** Which job a target id belongs to: an id is scraped for one job only. */
  private readonly owners = new Map<string, string>();
  private readonly make: DiscovererFactory;

  constructor(private readonly options: ScrapeJobsOptions) {
    this.make = options.discoverers ?? defaultDiscoverers;
  }

  /**
   * Applies a (re)loaded config: removed jobs lose their targets, every job's static targets
   * are applied at once, discoverers whose configs changed are restarted.
   */
  apply(jobs: readonly ScrapeJob[]): void {
    const names = new Set(jobs.map((j) => j.name));
    for (const [name, state] of [...this.jobs]) {
      if (names.has(name)) continue;
      this.stopJob(state);
      this.jobs.delete(name);
      this.sync(state.job, { targets: [], dropped: 0, problems: [] });
    }
    for (const job of jobs) {
      const key = JSON.stringify([job.fileSd, job.httpSd, job.dnsSd]);
      let state = this.jobs.get(job.name);
      if (state && state.discoveryKey !== key) {
        this.stopJob(state);
        state = undefined;
      }
      if (!state) {
        state = { job, discoveryKey: key, discoverers: [], groups: [], settle: undefined, held: undefined };
        this.jobs.set(job.name, state);
        this.update(state);
        this.startDiscovery(state);
      } else {
        state.job = job;
        this.update(state);
      }
    }
  }

  /** Targets not scraped because their job is over its target_limit. */
  heldTargets(): Target[] {
    return [...this.jobs.values()].flatMap((s) => s.held?.targets ?? []);
  }

  /** The health of a held target: down, with the reason. */
  heldHealth(id: string): TargetHealth | undefined {
    const job = this.owners.get(id);
    const held = job === undefined ? undefined : this.jobs.get(job)?.held;
    if (!held) return undefined;
    return { ...UNKNOWN_HEALTH, state: 'down', lastError: held.reason };
  }

  status(): JobDiscoveryStatus[] {
    return [...this.jobs.values()].flatMap((s) => s.discoverers.flatMap((d) => d.status().map((st) => ({ job: s.job.name, ...st }))));
  }

  stop(): void {
    for (const state of this.jobs.values()) this.stopJob(state);
  }

  private startDiscovery(state: JobState): void {
    state.discoverers = this.make(state.job, this.options.client);
    state.groups = state.discoverers.map(() => []);
    state.discoverers.forEach((d, i) => {
      d.start((groups) => {
        if (this.jobs.get(state.job.name) !== state) return;
        state.groups[i] = groups;
        clearTimeout(state.settle);
        state.settle = setTimeout(() => this.update(state), DEFAULTS.discovery.settleMs);
      });
    });
  }

  private stopJob(state: JobState): void {
    clearTimeout(state.settle);
    for (const d of state.discoverers) d.stop();
  }

  /** Recomputes a job's targets from its static and discovered groups. */
  private update(state: JobState): void {
    const { job } = state;
    const fixed = targetsOfGroups(job, job.staticGroups, 'config');
    const found = targetsOfGroups(job, state.groups.flat(), 'discovery');
    const ids = new Set(fixed.targets.map((t) => t.id));
    const targets = [...fixed.targets, ...found.targets.filter((t) => !ids.has(t.id))];
    this.sync(job, { targets, dropped: fixed.dropped + found.dropped, problems: [...fixed.problems, ...found.problems] });
  }

  private sync(job: ScrapeJob, made: JobTargets): void {
    const { logger } = this.options;
    for (const [id, owner] of [...this.owners]) if (owner === job.name) this.owners.delete(id);
    const mine: Target[] = [];
    for (const t of made.targets) {
      const owner = this.owners.get(t.id);
      if (owner !== undefined) {
        logger.warn({ job: job.name, target: t.id, owner }, 'discovered target belongs to another job; not scraped twice');
        continue;
      }
      this.owners.set(t.id, job.name);
      mine.push(t);
    }
    if (made.problems.length > 0) {
      const first = made.problems.slice(0, 3).map((p) => `${p.group.source} ${p.group.targets[p.index] ?? ''}: ${p.error.message}`);
      logger.warn({ job: job.name, refused: made.problems.length, first }, 'targets refused');
    }
    const state = this.jobs.get(job.name);
    const limit = targetLimitProblem(job, mine.length);
    if (limit !== undefined) {
      this.options.collector.reload([], 'config', job.name);
      if (state) state.held = { targets: mine, reason: limit };
      logger.warn({ job: job.name, targets: mine.length, limit: job.targetLimit }, 'target_limit exceeded; the job is not scraped');
      return;
    }
    if (state) state.held = undefined;
    this.options.collector.reload(mine, 'config', job.name);
  }
}
