import type { Aggregation, ProfileKind } from '../common/profile-types.js';
import type { Profile } from '../codec/profile.js';
import type { Granularity, StackSet } from '../query/stack-set.js';

/** Labels of a series: always `service`, usually `instance`, plus target or upload labels. */
export type Labels = Readonly<Record<string, string>>;

/** A profile to store. It was decoded and validated by codec/. */
export interface IngestRequest {
  profile: Profile;
  labels: Labels;
  /** Defaults to the kind inferred from the sample types. */
  kind?: ProfileKind;
  /** Time of the profile in unix ms; defaults to the profile's time_nanos, else now. */
  timeMs?: number;
  /** Size of the profile as received, for accounting. */
  receivedBytes?: number;
}

export interface IngestResult {
  id: number;
  kind: ProfileKind;
  /** API type names this profile answers, e.g. ['samples', 'cpu']. */
  types: string[];
}

/** What a window query selects. */
export interface WindowQuery {
  /** A Prometheus-style selector such as `{service="api",version=~"v2.*"}`; '' or `{}` matches all. */
  selector: string;
  /** API type name, e.g. `cpu`, `inuse_space`, `block:delay`. */
  type: string;
  fromMs: number;
  toMs: number;
  /** Defaults to the type's aggregation (mean for snapshot types, sum otherwise). */
  agg?: Aggregation;
}

/** Stacks of a window, ready for query/ analyses, with the number of stored profiles merged. */
export interface WindowStacks {
  stacks: StackSet;
  profiles: number;
}

export interface SeriesPoint {
  /** Start of the step, unix ms. */
  t: number;
  value: number;
  profiles: number;
}

export interface Series {
  labels: Labels;
  /** Total of each stored profile. */
  profiles: { id: number; t: number; total: number }[];
  /** Totals aggregated per step. */
  points: SeriesPoint[];
}

export interface TypeSummary {
  type: string;
  unit: string;
  profiles: number;
  /** Sampling period of the newest profile (MemProfileRate for heap types, ns per sample for CPU). */
  period: number;
  periodType: string;
  firstMs: number;
  lastMs: number;
}

export interface RetentionResult {
  deletedProfiles: number;
  deletedStacks: number;
  freedBytes: number;
}

/**
 * The storage boundary. collector/ and api/ depend on this interface only; the SQLite
 * implementation lives in store/sqlite/ and is the only code that imports better-sqlite3.
 */
export interface ProfileStore {
  /** Stores one profile atomically: wholly visible after return, or not at all. */
  ingest(request: IngestRequest): IngestResult;
  /** The merged stacks of all profiles matching the query, aggregated as the query says. */
  windowStacks(query: WindowQuery, granularity: Granularity): WindowStacks;
  /** The merged window as a pprof profile with the one selected sample type. */
  windowProfile(query: WindowQuery): { profile: Profile; profiles: number };
  /** Totals per profile and per step, per series. */
  series(query: WindowQuery, stepMs: number): Series[];
  /** Label names present in [fromMs, toMs]. */
  labelNames(fromMs: number, toMs: number): string[];
  labelValues(name: string, fromMs: number, toMs: number): string[];
  /** Types present, with counts and sampling periods. */
  types(selector: string, fromMs: number, toMs: number): TypeSummary[];
  /** Deletes profiles older than `beforeMs`, collects unreferenced stacks, returns the space. */
  retain(beforeMs: number): RetentionResult;
  /** Size of the database in bytes. */
  sizeBytes(): number;
  close(): void;
}
