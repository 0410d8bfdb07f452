import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Profile } from '../../codec/profile.js';
import { otherType } from '../../common/profile-types.js';
import type { ProfileKind, ProfileTypeInfo } from '../../common/profile-types.js';
import { DEFAULTS } from '../../config/defaults.js';
import { columnTotals, coverMs, resolveIngest } from '../ingest-rules.js';
import type { LabelSet } from '../../codec/identity.js';
import type {
  IngestRequest, IngestResult, ProfileStore, ProfileStoreOptions, RetentionCutoffs, RetentionResult, Series, SeriesGrouping, TypeSummary,
  WindowProfile, WindowQuery,
} from '../profile-store.js';
import { retentionCutoffs } from '../profile-store.js';
import { compileSelector } from '../selector.js';
import { Dictionary } from './dictionary.js';
import { LabelSetDictionary } from './label-set-dictionary.js';
import { RowPacker } from './row-packer.js';
import { deleteOld, returnSpace } from './retention.js';
import { Rollups } from './rollups.js';
import type { CompactionResult } from './rollups.js';
import { checkRange, queryableTypes, resolveType, summarizeTypes } from '../window-rules.js';
import type { TypeGroup } from '../window-rules.js';
import { columnOf, formatSampleTypes, parseSampleTypes } from './sample-types.js';
import { SeriesIndex } from './series-index.js';
import { SeriesReader } from './series-query.js';
import { forEachRow } from './sample-blob.js';
import { StorageGuard } from './storage-guard.js';
import { VarintWriter } from './varint.js';
import { WindowReader } from './window-query.js';
import type { WindowSumOptions } from './window-sums.js';

/** Options of the SQLite profile store (the cap is on the database file). */
export interface SqliteProfileStoreOptions extends ProfileStoreOptions {
  /** New stacks after which the stacks' snapshot is written again (default in config/defaults.ts; see stack-snapshot.ts). */
  stackSnapshotEvery?: number;
  /** How a window's blobs are split across threads (default `DEFAULTS.store.windowSums`). */
  windowSums?: WindowSumOptions;
}

type StreamRow = [number, number, number, number];

/**
 * The {@link ProfileStore} on SQLite (better-sqlite3). Strings, functions, mappings, locations
 * and stacks are stored once across all profiles and services; each profile keeps one packed
 * blob of (stack id, values) rows. One writing process per database file.
 */
export class SqliteProfileStore implements ProfileStore {
  private readonly dict: Dictionary;
  private readonly labelSets: LabelSetDictionary;
  private readonly rows: RowPacker;
  private readonly seriesIndex: SeriesIndex;
  private readonly rollups: Rollups;
  private readonly reader: WindowReader;
  private readonly seriesReader: SeriesReader;
  private readonly writer = new VarintWriter(1 << 16);
  private readonly insertProfile: Database.Statement;
  private readonly stmts;
  /** Types of other producers ever stored, by API name. */
  private readonly others = new Map<string, ProfileTypeInfo>();
  private readonly ingestTx: (req: IngestRequest) => IngestResult;
  private readonly graceMs: number;
  private scratchStacks = new Uint32Array(1024);

  constructor(
    private readonly db: Database.Database, private readonly path: string, options: SqliteProfileStoreOptions = {},
    private readonly guard = new StorageGuard(path, options.maxDatabaseBytes),
  ) {
    this.dict = new Dictionary(db, options.stackSnapshotEvery);
    this.labelSets = new LabelSetDictionary(db);
    this.rows = new RowPacker(this.labelSets, this.writer);
    this.seriesIndex = new SeriesIndex(db, options.seriesLimits ?? DEFAULTS.server.seriesLimits);
    this.rollups = new Rollups(db, this.dict);
    const typeOf = (name: string) => resolveType(name, this.others);
    this.reader = new WindowReader(db, this.dict, this.labelSets, this.seriesIndex, typeOf);
    this.seriesReader = new SeriesReader(db, this.labelSets, this.seriesIndex, typeOf);
    this.reader.useRollups = options.useRollups ?? true;
    if (options.windowSums !== undefined) this.reader.sumOptions = options.windowSums;
    this.graceMs = options.rollupGraceMs ?? 120_000;
    this.insertProfile = db.prepare(`INSERT INTO profiles (series, kind, time_ms, duration_ns, period, period_type,
      sample_types, default_type, totals, received_bytes, samples, interval_ms, cover_ms, content_hash, label_totals)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const stream = 'series = ? AND kind = ? AND sample_types = ?';
    this.stmts = {
      sameContent: db.prepare('SELECT id FROM profiles WHERE series = ? AND kind = ? AND time_ms = ? AND content_hash = ?').pluck(),
      next: db.prepare(`SELECT time_ms FROM profiles WHERE ${stream} AND time_ms > ? ORDER BY time_ms, id LIMIT 1`).pluck(),
      previous: db.prepare(`SELECT id, time_ms, interval_ms, cover_ms FROM profiles WHERE ${stream} AND time_ms <= ? AND id <> ?
        ORDER BY time_ms DESC, id DESC LIMIT 1`).raw(),
      setCover: db.prepare('UPDATE profiles SET cover_ms = ? WHERE id = ?'),
      addOther: db.prepare('INSERT OR IGNORE INTO other_types (name, sample_type, unit) VALUES (?, ?, ?)'),
    };
    for (const [name, sampleType, unit] of db.prepare('SELECT name, sample_type, unit FROM other_types').raw().all() as [string, string, string][]) {
      this.others.set(name, otherType(sampleType, unit));
    }
    this.ingestTx = db.transaction((req: IngestRequest) => this.write(req));
  }

  /** Whether window queries read rollups; off, they read raw profiles only (same results, slower). */
  get useRollups(): boolean {
    return this.reader.useRollups;
  }

  set useRollups(on: boolean) {
    this.reader.useRollups = on;
  }

  ingest(request: IngestRequest): IngestResult {
    try {
      const result = this.guard.write(() => this.ingestTx(request));
      this.dict.commit();
      this.labelSets.commit();
      this.seriesIndex.commit();
      if (result.kind === 'other') {
        for (const st of request.profile.sampleTypes) {
          const info = otherType(st.type, st.unit);
          if (!this.others.has(info.name)) this.others.set(info.name, info);
        }
      }
      return result;
    } catch (err) {
      this.dict.rollback();
      this.labelSets.rollback();
      this.seriesIndex.rollback();
      throw err;
    }
  }

  /** Stores one profile by the rules of store/ingest-rules.ts, inside the ingest transaction. */
  private write(req: IngestRequest): IngestResult {
    const p = req.profile;
    const { kind, types, timeMs, intervalMs, contentHash } = resolveIngest(req);
    const answer = (id: number, created: boolean): IngestResult => ({ id, created, kind, types: types.map((t) => t.name) });
    const series = this.seriesIndex.idFor(req.labels);
    if (contentHash !== undefined) {
      const existing = this.stmts.sameContent.get(series, kind, timeMs, contentHash) as number | undefined;
      if (existing !== undefined) return answer(existing, false);
    }
    const sampleTypes = formatSampleTypes(p.sampleTypes);
    const { samples: blob, labelTotals } = this.packSamples(p);
    const width = p.sampleTypes.length;
    const totals = columnTotals(p.samples.values, width);
    const next = this.stmts.next.get(series, kind, sampleTypes, timeMs) as number | undefined;
    const info = this.insertProfile.run(series, kind, timeMs, p.durationNanos, p.period, formatSampleTypes([p.periodType]),
      sampleTypes, p.defaultSampleType, JSON.stringify(totals), req.receivedBytes ?? 0, blob,
      intervalMs, coverMs(timeMs, intervalMs, next), contentHash ?? null, labelTotals ?? null);
    const id = Number(info.lastInsertRowid);
    // The profile before this one in its stream now stands for its series only until this one.
    const previous = this.stmts.previous.get(series, kind, sampleTypes, timeMs, id) as StreamRow | undefined;
    if (previous !== undefined) {
      const [previousId, previousMs, previousInterval, previousCover] = previous;
      const cover = coverMs(previousMs, previousInterval, timeMs);
      if (cover !== previousCover) {
        this.stmts.setCover.run(cover, previousId);
        this.rollups.noteIngest(series, kind, previousMs);
      }
    }
    if (kind === 'other') for (const t of types) this.stmts.addOther.run(t.name, t.sampleType, t.unit);
    this.rollups.noteIngest(series, kind, timeMs);
    return answer(id, true);
  }

  /** Maps samples to stack ids, then packs them into rows of a stack and a label set (row-packer.ts). */
  private packSamples(p: Profile): { samples: Uint8Array; labelTotals?: Uint8Array } {
    const locIds = this.dict.locationIds(p);
    const { count, stackOffsets, locations, values } = p.samples;
    const width = p.sampleTypes.length;
    if (this.scratchStacks.length < count) this.scratchStacks = new Uint32Array(count * 2);
    const stackIds = this.scratchStacks;
    for (let i = 0; i < count; i++) {
      // A sample of zeros stores no row: its stack is not looked up (nor stored), its id is 0
      // (stack ids start at 1), and the packer skips it by that.
      let zero = true;
      for (let c = 0; c < width; c++) if (values[i * width + c] !== 0) zero = false;
      if (zero) {
        stackIds[i] = 0;
        continue;
      }
      stackIds[i] = this.dict.stackId(locations, stackOffsets[i]!, stackOffsets[i + 1]!, locIds);
    }
    return this.rows.pack(p, stackIds, this.dict.stackCapacity);
  }

  window(query: WindowQuery): WindowProfile {
    const w = this.reader.values(query);
    return { ...this.reader.profile(w, query.labelFilter), profiles: w.profiles, agg: w.agg };
  }

  series(query: WindowQuery, stepMs: number, groupBy?: SeriesGrouping): Series[] {
    return this.seriesReader.series(query, stepMs, groupBy);
  }

  sampleLabelSets(selector: string, fromMs: number, toMs: number, type?: string): LabelSet[] {
    checkRange(fromMs, toMs);
    const series = JSON.stringify(this.seriesIndex.select(selector));
    const info = type === undefined ? undefined : resolveType(type, this.others);
    const ids = new Set<number>();
    type Row = [string, Uint8Array];
    const rows = this.db.prepare(`SELECT sample_types, label_totals FROM profiles WHERE time_ms >= ? AND time_ms <= ?
      AND label_totals IS NOT NULL AND series IN (SELECT value FROM json_each(?))${info === undefined ? '' : ' AND kind = ?'}`).raw();
    const args = info === undefined ? [fromMs, toMs, series] : [fromMs, toMs, series, info.kind];
    for (const [sampleTypes, labelTotals] of rows.iterate(...args) as IterableIterator<Row>) {
      if (info !== undefined && columnOf(sampleTypes, info.sampleType) < 0) continue;
      forEachRow(labelTotals, (id) => { if (id !== 0) ids.add(id); });
    }
    return [...this.labelSets.labelSets([...ids].sort((a, b) => a - b)).values()];
  }

  private seriesInWindow(fromMs: number, toMs: number, selector = ''): number[] {
    checkRange(fromMs, toMs);
    const ids = this.db.prepare('SELECT DISTINCT series FROM profiles WHERE time_ms >= ? AND time_ms <= ?').pluck().all(fromMs, toMs) as number[];
    if (selector === '') return ids;
    const selected = new Set(this.seriesIndex.select(selector));
    return ids.filter((id) => selected.has(id));
  }

  labelNames(fromMs: number, toMs: number, selector?: string): string[] {
    const names = new Set<string>();
    for (const id of this.seriesInWindow(fromMs, toMs, selector)) for (const k of Object.keys(this.seriesIndex.labels.get(id) ?? {})) names.add(k);
    return [...names].sort();
  }

  labelValues(name: string, fromMs: number, toMs: number, selector?: string): string[] {
    const values = new Set<string>();
    for (const id of this.seriesInWindow(fromMs, toMs, selector)) {
      const v = this.seriesIndex.labels.get(id)?.[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  types(selector: string, fromMs: number, toMs: number): TypeSummary[] {
    checkRange(fromMs, toMs);
    const match = compileSelector(selector);
    type Row = [number, string, string, number, number, number, number, string];
    const rows = this.db.prepare(`SELECT series, kind, sample_types, COUNT(*), MIN(time_ms), MAX(time_ms), period, period_type
      FROM profiles WHERE time_ms >= ? AND time_ms <= ? GROUP BY series, kind, sample_types`).raw().all(fromMs, toMs) as Row[];
    const groups: TypeGroup[] = [];
    for (const [series, kind, sampleTypes, count, firstMs, lastMs, period, periodType] of rows) {
      const labels = this.seriesIndex.labels.get(series);
      if (labels === undefined || !match(labels)) continue;
      groups.push({
        kind: kind as ProfileKind, sampleTypes: parseSampleTypes(sampleTypes), count, firstMs, lastMs, period,
        periodType: parseSampleTypes(periodType)[0]?.type ?? '',
      });
    }
    return summarizeTypes(groups);
  }

  profileTypes(): ProfileTypeInfo[] {
    return queryableTypes(this.others);
  }

  /** Rolls up the buckets closed before `nowMs` (minus the grace period) and the dirty ones. */
  compact(nowMs: number = Date.now()): CompactionResult {
    return this.guard.write(() => this.rollups.compact(nowMs, this.graceMs));
  }

  storageProblem(): string | undefined {
    return this.guard.full;
  }

  retain(cutoffs: number | RetentionCutoffs): RetentionResult {
    const before = this.sizeBytes();
    const deleted = this.guard.write(() => deleteOld(this.db, this.dict, this.seriesIndex, this.labelSets, retentionCutoffs(cutoffs)));
    returnSpace(this.db);
    return {
      deletedProfiles: deleted.profiles, deletedStacks: deleted.stacks, deletedLabelSets: deleted.labelSets,
      freedBytes: Math.max(0, before - this.sizeBytes()),
    };
  }

  sizeBytes(): number {
    if (this.path === ':memory:' || this.path === '') {
      return (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number);
    }
    let size = statSync(this.path).size;
    const wal = `${this.path}-wal`;
    if (existsSync(wal)) size += statSync(wal).size;
    return size;
  }

  close(): void {
    if (!this.db.open) return;
    this.dict.saveSnapshot();
    this.db.close();
  }
}
