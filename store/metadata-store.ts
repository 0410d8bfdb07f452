import type { Labels } from '../common/labels.js';
import type { Target, TargetInput } from '../config/target.js';
import type { Awaitable } from './profile-store.js';

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

/**
 * The last scrape of one profile of a target, as the collector that scrapes it recorded it:
 * every replica reads the health of every target, whichever shard scrapes it.
 */
export interface ScrapeHealthRecord {
  targetId: string;
  profile: string;
  ok: boolean;
  atMs: number;
  durationMs: number;
  /** Bytes received, null when the scrape failed. */
  bytes: number | null;
  error: string | null;
  consecutiveFailures: number;
}

/** The targets registered through the API (config-file targets are never stored). */
export interface TargetRegistry {
  listTargets(): Awaitable<Target[]>;
  getTarget(id: string): Awaitable<Target | undefined>;
  /**
   * The stored targets whose identity key (codec/identity.ts `targetKey`: service, URL and path
   * prefix) is `key`, found by that key without reading the others: what refusing a duplicate needs.
   */
  targetsWithKey(key: string): Awaitable<Target[]>;
  /** Creates a target with a fresh id. */
  createTarget(input: TargetInput): Awaitable<Target>;
  /** Replaces a target's fields; returns undefined when it does not exist. */
  updateTarget(id: string, input: TargetInput): Awaitable<Target | undefined>;
  deleteTarget(id: string): Awaitable<boolean>;
}

/** What the collector records besides profiles: deploy markers, MemStats readings and scrape health. */
export interface ScrapeRecordWriter {
  addDeploy(marker: Omit<DeployMarker, 'id'>): Awaitable<DeployMarker>;
  addMemStats(point: MemStatsPoint): Awaitable<void>;
  /** Keeps the latest outcome of each (target, profile). */
  recordHealth(record: ScrapeHealthRecord): Awaitable<void>;
}

/** Deploy markers, MemStats of a window and the scrape health of targets, for the API. */
export interface ScrapeRecordReader {
  listDeploys(selector: string, fromMs: number, toMs: number): Awaitable<DeployMarker[]>;
  listMemStats(selector: string, fromMs: number, toMs: number): Awaitable<MemStatsPoint[]>;
  /** The latest record of each (target, profile). */
  listHealth(): Awaitable<ScrapeHealthRecord[]>;
}

/** Targets, deploy markers, MemStats and health: the collector's persistent state, in the same database. */
export interface MetadataStore extends TargetRegistry, ScrapeRecordWriter, ScrapeRecordReader {}
