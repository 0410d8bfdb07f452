import { seriesKey } from '../../codec/identity.js';
import type { LabelSet } from '../../codec/identity.js';
import { SeriesLabelsRefused, SeriesLimit, StorageFull } from '../../common/errors.js';
import { labelSetProblem } from '../../common/labels.js';
import type { Labels, SeriesLimits } from '../../common/labels.js';
import { otherType } from '../../common/profile-types.js';
import type { ProfileTypeInfo } from '../../common/profile-types.js';
import { DEFAULTS } from '../../config/defaults.js';
import { resolveIngest } from '../ingest-rules.js';
import type {
  IngestRequest, IngestResult, ProfileStore, ProfileStoreOptions, RetentionCutoffs, RetentionResult, Series, SeriesGrouping, TypeSummary, WindowProfile, WindowQuery,
} from '../profile-store.js';
import { queryableTypes, resolveType } from '../window-rules.js';
import { ContentHash } from './content-hash.js';
import type { ClickHouseHttp, Settings } from './http-client.js';
import { IngestWriter } from './ingest-writer.js';
import { ProfileEncoder } from './profile-encoder.js';
import { ProfileIds } from './profile-ids.js';
import { markLate, Rollups } from './rollups.js';
import type { CompactionResult } from './rollups.js';
import { retain, sizeBytes } from './retention.js';
import { table } from './schema.js';
import type { Topology } from './schema.js';
import { sql } from './sql.js';
import { SeriesReader } from './series-reader.js';
import { SymbolReader } from './symbol-reader.js';
import { WindowReader } from './window-reader.js';

/** Options of the ClickHouse profile store, beyond the shared ones. */
export interface ClickHouseProfileStoreOptions extends ProfileStoreOptions {
  /** Ingests written together within this many ms (default in config/defaults.ts). */
  flushDelayMs?: number;
  flushProfiles?: number;
}

/** How long a process trusts its list of other producers' types before reading it again. */
const OTHER_TYPES_TTL_MS = 5_000;

/**
 * The {@link ProfileStore} on ClickHouse: profiles as rows with their samples in arrays,
 * symbols and stacks by content hash (any number of writers agree), rollups by compaction,
 * retention by dropping days. See schema.ts for the tables.
 */
export class ClickHouseProfileStore implements ProfileStore {
  private readonly server: ClickHouseHttp;
  private readonly encoder: ProfileEncoder;
  private readonly writer: IngestWriter;
  private readonly reader: WindowReader;
  private readonly seriesReader: SeriesReader;
  private readonly rollups: Rollups;
  private readonly ids = new ProfileIds();
  private readonly hash = new ContentHash();
  private readonly seriesLimits: Readonly<SeriesLimits>;
  /** Series this process knows to be stored (or being stored), by label-set key. */
  private readonly knownSeries = new Map<string, Promise<bigint>>();
  private readonly others = new Map<string, ProfileTypeInfo>();
  private othersReadAt = 0;
  private problem: string | undefined;
  private readonly graceMs: number;
  private readonly maxBytes: number;
  private sizeCheckedAt = 0;
  private overCap = false;
  private closing: Promise<void> | undefined;
  private readonly settings: Settings;
  private readonly insertSettings: Settings;

  /** `release`: what closing the store also closes (the metadata store and the connections). */
  constructor(private readonly topology: Topology, options: ClickHouseProfileStoreOptions = {}, private readonly release: () => Promise<void> = async () => {}) {
    this.server = topology.shards[0]!;
    this.settings = topology.cluster === undefined ? {} : { distributed_product_mode: 'local' };
    this.insertSettings = topology.cluster === undefined ? {} : { insert_distributed_sync: 1 };
    this.seriesLimits = options.seriesLimits ?? DEFAULTS.server.seriesLimits;
    this.graceMs = options.rollupGraceMs ?? 120_000;
    this.maxBytes = options.maxDatabaseBytes ?? 0;
    this.encoder = new ProfileEncoder(DEFAULTS.clickhouse.knownSymbols);
    this.writer = new IngestWriter(this.server, this.encoder, {
      flushDelayMs: options.flushDelayMs ?? DEFAULTS.clickhouse.flushDelayMs,
      flushProfiles: options.flushProfiles ?? DEFAULTS.clickhouse.flushProfiles,
      insertSettings: this.insertSettings,
      markLate: (late) => markLate(this.server, this.insertSettings, late),
    });
    const symbols = new SymbolReader(this.server, DEFAULTS.clickhouse.knownSymbols);
    this.reader = new WindowReader(this.server, symbols, (name) => this.typeNamed(name), this.settings);
    this.reader.useRollups = options.useRollups ?? true;
    this.seriesReader = new SeriesReader(this.server, symbols, (name) => this.typeNamed(name), (query, info) => this.reader.scope(query, info), this.settings);
    this.rollups = new Rollups(topology);
  }

  /** Whether window queries read rollups; off, they read raw profiles only (same results, slower). */
  get useRollups(): boolean {
    return this.reader.useRollups;
  }

  set useRollups(on: boolean) {
    this.reader.useRollups = on;
  }

  private async readOthers(): Promise<void> {
    const rows = await this.server.rows<{ name: string; sample_type: string; unit: string }>(
      sql`SELECT name, any(sample_type) AS sample_type, any(unit) AS unit FROM ${table('other_types')} GROUP BY name`, this.settings);
    for (const r of rows) if (!this.others.has(r.name)) this.others.set(r.name, otherType(r.sample_type, r.unit));
    this.othersReadAt = Date.now();
  }

  /** A type by name; other producers' types are read again when one is not known yet. */
  private async typeNamed(name: string): Promise<ProfileTypeInfo> {
    try {
      return resolveType(name, this.others);
    } catch (err) {
      await this.readOthers();
      if (this.others.has(name)) return this.others.get(name)!;
      throw err;
    }
  }

  async ingest(request: IngestRequest): Promise<IngestResult> {
    try {
      const result = await this.write(request);
      this.problem = undefined;
      return result;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'FW_STORAGE_FULL') this.problem = (err as Error).message;
      throw err;
    }
  }

  private async write(req: IngestRequest): Promise<IngestResult> {
    const p = req.profile;
    const { kind, types, timeMs, intervalMs, contentHash } = resolveIngest(req);
    const answer = (id: number, created: boolean): IngestResult => ({ id, created, kind, types: types.map((t) => t.name) });
    await this.checkSpace();
    const series = await this.seriesId(req.labels);
    if (contentHash !== undefined) {
      const identity = `${series}|${kind}|${timeMs}|${contentHash}`;
      const pending = this.writer.pendingPush(identity);
      if (pending !== undefined) return answer(pending, false);
      const [stored] = await this.server.rows<{ key: string }>(sql`SELECT toString(id) AS key FROM ${table('profiles')}
        WHERE kind = ${kind} AND series = ${series} AND time_ms = ${timeMs} AND content_hash = ${contentHash} LIMIT 1`, this.settings);
      if (stored !== undefined) return answer(Number(stored.key), false);
      const again = this.writer.pendingPush(identity);
      if (again !== undefined) return answer(again, false);
    }
    const id = this.ids.next();
    const day = Math.floor(timeMs / 86_400_000);
    const batch = this.writer.current();
    const samples = this.encoder.encode(p, day, BigInt(id), batch.symbols);
    const names = Object.keys(req.labels).sort();
    const width = p.sampleTypes.length;
    const r = batch.profiles;
    r.date(timeMs).u64(series).string(kind).i64(timeMs).i64(id).strings(names).strings(names.map((n) => req.labels[n]!))
      .i64(p.durationNanos).i64(p.period).string(p.periodType.type).string(p.periodType.unit)
      .strings(p.sampleTypes.map((t) => t.type)).strings(p.sampleTypes.map((t) => t.unit)).string(p.defaultSampleType)
      .f64s(samples.totals).i64(req.receivedBytes ?? 0).i64(intervalMs).string(contentHash ?? '')
      .u64Pairs(samples.stacks, samples.rows).u64Pairs(samples.labels, samples.rows);
    r.varint(width);
    for (let c = 0; c < width; c++) {
      r.varint(samples.rows);
      for (let i = 0; i < samples.rows; i++) r.i64(samples.values[i * width + c]!);
    }
    batch.profileCount++;
    if (contentHash !== undefined) batch.pushes.set(`${series}|${kind}|${timeMs}|${contentHash}`, id);
    if (kind === 'other') {
      for (const t of types) batch.otherTypes.push(JSON.stringify({ name: t.name, sample_type: t.sampleType, unit: t.unit }));
    }
    // A profile older than half the grace period may land in a bucket already rolled up.
    if (timeMs < Date.now() - this.graceMs / 2) {
      batch.late.push({ series, kind, timeMs, typeNames: p.sampleTypes.map((t) => t.type), typeUnits: p.sampleTypes.map((t) => t.unit) });
    }
    await this.writer.wait(batch);
    if (kind === 'other') for (const t of types) if (!this.others.has(t.name)) this.others.set(t.name, t);
    return answer(id, true);
  }

  /** The series id of a label set; a new one must pass the limits (config/defaults.ts seriesLimits). */
  private seriesId(labels: Labels): Promise<bigint> {
    const key = seriesKey(labels);
    const known = this.knownSeries.get(key);
    if (known !== undefined) return known;
    const problem = labelSetProblem(labels, this.seriesLimits);
    if (problem !== undefined) return Promise.reject(new SeriesLabelsRefused(problem));
    if (this.knownSeries.size >= this.seriesLimits.maxSeries) this.knownSeries.clear();
    const id = this.newSeries(this.hash.reset().str(key).finish());
    this.knownSeries.set(key, id);
    // A refused series is asked about again next time (another replica's retention may have made room).
    id.catch(() => this.knownSeries.delete(key));
    return id;
  }

  /** A series new to this process: stored already, or within the limit of series. */
  private async newSeries(id: bigint): Promise<bigint> {
    const [row] = await this.server.rows<{ here: string; all: string }>(sql`SELECT countIf(series = ${id}) AS here, uniqExact(series) AS all
      FROM ${table('profiles')}`, this.settings);
    if (Number(row?.here ?? 0) === 0 && Number(row?.all ?? 0) >= this.seriesLimits.maxSeries) {
      throw new SeriesLimit(this.seriesLimits.maxSeries);
    }
    return id;
  }

  /** With a cap on the database's size, refuses writes past it (checked at most every 10 s). */
  private async checkSpace(): Promise<void> {
    if (this.maxBytes <= 0) return;
    if (Date.now() - this.sizeCheckedAt >= 10_000) {
      this.sizeCheckedAt = Date.now();
      this.overCap = (await this.sizeBytes()) >= this.maxBytes;
    }
    if (this.overCap) throw new StorageFull(`the database reached its cap of ${this.maxBytes} bytes (maxDatabaseBytes)`);
  }

  window(query: WindowQuery): Promise<WindowProfile> {
    return this.reader.window(query);
  }

  series(query: WindowQuery, stepMs: number, groupBy?: SeriesGrouping): Promise<Series[]> {
    return this.seriesReader.series(query, stepMs, groupBy);
  }

  labelNames(fromMs: number, toMs: number, selector?: string): Promise<string[]> {
    return this.reader.labelNames(fromMs, toMs, selector);
  }

  labelValues(name: string, fromMs: number, toMs: number, selector?: string): Promise<string[]> {
    return this.reader.labelValues(name, fromMs, toMs, selector);
  }

  sampleLabelSets(selector: string, fromMs: number, toMs: number, type?: string): Promise<LabelSet[]> {
    return this.reader.sampleLabelSets(selector, fromMs, toMs, type);
  }

  types(selector: string, fromMs: number, toMs: number): Promise<TypeSummary[]> {
    return this.reader.types(selector, fromMs, toMs);
  }

  async profileTypes(): Promise<ProfileTypeInfo[]> {
    if (Date.now() - this.othersReadAt > OTHER_TYPES_TTL_MS) await this.readOthers();
    return queryableTypes(this.others);
  }

  sizeBytes(): Promise<number> {
    return sizeBytes(this.topology);
  }

  /** Rolls up the buckets closed before `nowMs` (minus the grace period) and the dirty ones, on every shard. */
  async compact(nowMs: number = Date.now()): Promise<CompactionResult> {
    await this.writer.seal();
    return this.rollups.compact(nowMs, this.graceMs);
  }

  async retain(before: number | RetentionCutoffs): Promise<RetentionResult> {
    await this.writer.seal();
    return retain(this.topology, before);
  }

  storageProblem(): string | undefined {
    return this.problem;
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.writer.close();
      } finally {
        await this.release();
      }
    })();
    return this.closing;
  }
}
