import type { LabelSet } from '../codec/identity.js';
import type { Profile } from '../codec/profile.js';
import type { Labels, SeriesLimits } from '../common/labels.js';
import type { Aggregation, ProfileKind, ProfileTypeInfo } from '../common/profile-types.js';

/**
 * What a port method answers: at once (SQLite, in process) or later (ClickHouse, over the
 * network). Callers always `await` it; a backend answers in whichever way it can.
 */
export type Awaitable<T> = T | Promise<T>;

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
  /**
   * The bytes as received, for pushes: the same bytes with the same labels, kind and time are
   * stored once (see `store/ingest-rules.ts`). Scrapes leave it out.
   */
  content?: Uint8Array;
  /**
   * The longest time this profile stands for its series: the scrape interval. Defaults to the
   * profile's duration when set, else the default scrape interval.
   */
  intervalMs?: number;
}

export interface IngestResult {
  id: number;
  /** False when the same push was stored before: `id` is then the stored profile's. */
  created: boolean;
  kind: ProfileKind;
  /** API type names this profile answers, e.g. ['samples', 'cpu']. */
  types: string[];
}

/**
 * A function of each label set of a window, made knowing all of them: the store calls it with
 * the label sets of the window's rows (each once, in the order of the rows) and applies what it
 * returns to each. query/ makes these, so pprof's rules — a numeric label's unit is inferred
 * from every sample of a profile — stay in one place.
 */
export type PerLabelSet<T> = (labelSets: readonly LabelSet[]) => (labelSet: LabelSet) => T;

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
  /**
   * The label part of a query's filters (pprof's tagfocus and tagignore), pushed down into the
   * read: rows whose label set it refuses are left out of the profile (and of series totals).
   */
  labelFilter?: PerLabelSet<boolean>;
}

/**
 * The merged window as a pprof profile with the one selected sample type, and the number of
 * stored profiles merged. One sample per stored row: a (stack, label set), its labels in the
 * profile's label table. Values are exact: a mean of snapshots may be fractional.
 */
export interface WindowProfile {
  profile: Profile;
  profiles: number;
  /** How the profiles were combined. */
  agg: Aggregation;
  /** The exact values of the rows the query's labelFilter left out (pprof's total before filters counts them). */
  filteredOut?: Float64Array;
}

/**
 * What `series` adds up per line: each series (by default), the series sharing a value of a
 * series label, or the rows sharing a value of a sample label (`valuesOf` gives a label set's
 * values of it; a set without one belongs to the value '').
 */
export type SeriesGrouping =
  | { kind: 'series'; label: string }
  | { kind: 'sample'; label: string; valuesOf: PerLabelSet<readonly string[]> };

export interface SeriesPoint {
  /** Start of the step, unix ms. */
  t: number;
  value: number;
  profiles: number;
}

export interface Series {
  /** The series' labels; grouped, the one label and its value. */
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
  /** Sample label sets no stored row refers to any more. */
  deletedLabelSets: number;
  freedBytes: number;
}

/** Options every backend takes. */
export interface ProfileStoreOptions {
  /** Answer window queries from rollups where whole buckets fit (default true). */
  useRollups?: boolean;
  /** How long after a bucket closes it is rolled up (default 2 minutes), so late scrapes land first. */
  rollupGraceMs?: number;
  /** Limits on label sets and on the number of series (defaults in config/defaults.ts). */
  seriesLimits?: Readonly<SeriesLimits>;
  /** Cap on the stored bytes; past it writes fail with FW_STORAGE_FULL. 0 or absent: no cap. */
  maxDatabaseBytes?: number;
}

/** Stores profiles: what the collector and the ingest route need. */
export interface ProfileWriter {
  /** Stores one profile atomically: wholly visible after return, or not at all. */
  ingest(request: IngestRequest): Awaitable<IngestResult>;
}

/** Reads windows of stored profiles: what the query routes need. */
export interface ProfileReader {
  /** The merged window, aggregated as the query says. */
  window(query: WindowQuery): Awaitable<WindowProfile>;
  /**
   * Totals per profile and per step, per series or per group of a label (a snapshot type's
   * step is the time-weighted mean, as a window's).
   */
  series(query: WindowQuery, stepMs: number, groupBy?: SeriesGrouping): Awaitable<Series[]>;
  /** Series label names present in [fromMs, toMs] (of the series a selector selects, when given). */
  labelNames(fromMs: number, toMs: number, selector?: string): Awaitable<string[]>;
  labelValues(name: string, fromMs: number, toMs: number, selector?: string): Awaitable<string[]>;
  /** The sample label sets of the selected profiles in [fromMs, toMs] (of one type when given), the empty one left out. */
  sampleLabelSets(selector: string, fromMs: number, toMs: number, type?: string): Awaitable<LabelSet[]>;
  /** Types present, with counts and sampling periods. */
  types(selector: string, fromMs: number, toMs: number): Awaitable<TypeSummary[]>;
  /** Every type a query may ask for: the known types and those of other producers ever stored. */
  profileTypes(): Awaitable<ProfileTypeInfo[]>;
  /** Size of the database in bytes. */
  sizeBytes(): Awaitable<number>;
}

/**
 * What retention deletes, per tier: data older than each time (unix ms). Raw profiles (and
 * MemStats) go first, their minute rollups later, hour rollups (and deploy markers) last, so
 * that disk stays bounded while long windows are still answered from hour rollups.
 */
export interface RetentionCutoffs {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

/** The cutoffs of a retention pass: one time stands for every tier. */
export function retentionCutoffs(before: number | RetentionCutoffs): RetentionCutoffs {
  return typeof before === 'number' ? { rawMs: before, minuteMs: before, hourMs: before } : before;
}

/** Keeps the store bounded: rollups of closed buckets and retention. */
export interface StoreMaintenance {
  /** Rolls up the time buckets closed before `nowMs`. */
  compact(nowMs: number): Awaitable<unknown>;
  /**
   * Deletes what is older than the cutoffs (one time: every tier at once), collects
   * unreferenced stacks, returns the space.
   */
  retain(before: number | RetentionCutoffs): Awaitable<RetentionResult>;
}

/** Whether the store takes writes: the outcome of its last write. */
export interface StorageHealth {
  /** Why the last write failed for want of space (FW_STORAGE_FULL), or undefined when it succeeded. */
  storageProblem(): string | undefined;
}

/**
 * The storage boundary: every backend implements all of it; collector/ and api/ each depend
 * only on the parts they call. The SQLite implementation lives in store/sqlite/ and is the
 * only code that imports better-sqlite3.
 */
export interface ProfileStore extends ProfileWriter, ProfileReader, StoreMaintenance, StorageHealth {
  close(): Awaitable<void>;
}
