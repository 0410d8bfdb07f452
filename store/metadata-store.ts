import type { Labels } from './profile-store.js';

/** Profiles a target can be scraped for. `allocs` is the heap profile read as alloc deltas. */
export type ScrapeProfile = 'cpu' | 'heap' | 'goroutine' | 'block' | 'mutex' | 'allocs';

/** A registered scrape target: a Go service serving net/http/pprof. */
export interface Target {
  id: string;
  service: string;
  /** Base URL, e.g. http://10.0.0.5:6060 */
  url: string;
  /** Where the pprof handlers are mounted; default /debug/pprof. */
  pathPrefix: string;
  labels: Labels;
  intervalMs: number;
  timeoutMs: number;
  profiles: ScrapeProfile[];
  cpuSeconds: number;
  /** Where the target came from: the API (persisted) or a config file (not persisted). */
  source: 'api' | 'config';
}

export type TargetInput = Omit<Target, 'id'>;

export interface TargetHealth {
  state: 'up' | 'down' | 'unknown';
  lastScrapeAt: number | null;
  lastDurationMs: number | null;
  lastBytes: number | null;
  lastError: string | null;
  consecutiveFailures: number;
}

/** A deploy or restart seen on a target. */
export interface DeployMarker {
  id: number;
  timeMs: number;
  targetId: string;
  service: string;
  reason: 'labels-changed' | 'restart' | 'binary-changed';
  labelsBefore: Labels;
  labelsAfter: Labels;
}

/** One reading of runtime.MemStats from a target's `heap?debug=1` trailer. */
export interface MemStatsPoint {
  timeMs: number;
  targetId: string;
  service: string;
  labels: Labels;
  /** Field name → value, e.g. HeapAlloc, HeapInuse, HeapIdle, HeapReleased, HeapSys, StackInuse, Sys, NumGC. */
  values: Readonly<Record<string, number>>;
}

/** Targets, deploy markers and MemStats: the collector's persistent state, in the same database. */
export interface MetadataStore {
  listTargets(): Target[];
  getTarget(id: string): Target | undefined;
  /** Creates a target with a fresh id. */
  createTarget(input: TargetInput): Target;
  /** Replaces a target's fields; returns undefined when it does not exist. */
  updateTarget(id: string, input: TargetInput): Target | undefined;
  deleteTarget(id: string): boolean;

  addDeploy(marker: Omit<DeployMarker, 'id'>): DeployMarker;
  listDeploys(selector: string, fromMs: number, toMs: number): DeployMarker[];

  addMemStats(point: MemStatsPoint): void;
  listMemStats(selector: string, fromMs: number, toMs: number): MemStatsPoint[];
}
