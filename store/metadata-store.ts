import type { Labels } from '../common/labels.js';
import type { Target, TargetInput } from '../config/target.js';

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

/** The targets registered through the API (config-file targets are never stored). */
export interface TargetRegistry {
  listTargets(): Target[];
  getTarget(id: string): Target | undefined;
  /** Creates a target with a fresh id. */
  createTarget(input: TargetInput): Target;
  /** Replaces a target's fields; returns undefined when it does not exist. */
  updateTarget(id: string, input: TargetInput): Target | undefined;
  deleteTarget(id: string): boolean;
}

/** What the collector records besides profiles: deploy markers and MemStats readings. */
export interface ScrapeRecordWriter {
  addDeploy(marker: Omit<DeployMarker, 'id'>): DeployMarker;
  addMemStats(point: MemStatsPoint): void;
}

/** Deploy markers and MemStats of a window, for the API. */
export interface ScrapeRecordReader {
  listDeploys(selector: string, fromMs: number, toMs: number): DeployMarker[];
  listMemStats(selector: string, fromMs: number, toMs: number): MemStatsPoint[];
}

/** Targets, deploy markers and MemStats: the collector's persistent state, in the same database. */
export interface MetadataStore extends TargetRegistry, ScrapeRecordWriter, ScrapeRecordReader {}
