import type { ClickHouseHttp, Settings } from './http-client.js';
import type { ProfileEncoder } from './profile-encoder.js';
import { SymbolRows } from './profile-encoder.js';
import { RowBinary } from './row-binary.js';
import type { LateProfile } from './rollups.js';
import { table } from './schema.js';

/** A profile a batch will store, and what its caller waits for. */
interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** What a batch writes: symbols first, then the profile rows, then what follows from them. */
export class Batch {
  readonly symbols = new SymbolRows();
  readonly profiles = new RowBinary(1 << 18);
  profileCount = 0;
  /** JSONEachRow lines of other producers' types. */
  otherTypes: string[] = [];
  /** Profiles that may land in buckets already rolled up: marked dirty once stored. */
  readonly late: LateProfile[] = [];
  readonly waiters: Waiter[] = [];
  /** Identities of pushes in this batch (see store/ingest-rules.ts), to the id they got. */
  readonly pushes = new Map<string, number>();
}

/** Options of {@link IngestWriter}. */
export interface IngestWriterOptions {
  flushDelayMs: number;
  flushProfiles: number;
  /** Settings of every insert (on a cluster, `insert_distributed_sync=1`: stored on the shards before it returns). */
  insertSettings: Settings;
  /** Marks the buckets of late profiles dirty, after they are stored (rollups.ts). */
  markLate: (late: readonly LateProfile[]) => Promise<void>;
}

/**
 * Group commit: profiles ingested within `flushDelayMs` of each other are written together, one
 * INSERT per table (ClickHouse wants few large inserts, not one per profile), one batch at a
 * time. Each ingest's promise settles when its batch is stored: resolved once its profile row
 * is, rejected (nothing of it visible) when any insert of the batch fails. Symbols go first, so
 * a stored profile never refers to a symbol that is not there.
 */
export class IngestWriter {
  private open: Batch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Batches sealed but not yet stored, for pushes repeated before their first is stored. */
  private readonly inFlight = new Set<Batch>();

  constructor(private readonly server: ClickHouseHttp, private readonly encoder: ProfileEncoder, private readonly options: IngestWriterOptions) {}

  /** The batch the next profile joins. */
  current(): Batch {
    if (this.open === undefined) {
      this.open = new Batch();
      this.timer = setTimeout(() => this.seal(), this.options.flushDelayMs);
    }
    return this.open;
  }

  /** The id a push of this identity got in a batch not yet stored, if any. */
  pendingPush(identity: string): number | undefined {
    const inOpen = this.open?.pushes.get(identity);
    if (inOpen !== undefined) return inOpen;
    for (const b of this.inFlight) {
      const id = b.pushes.get(identity);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  /** Waits for the batch holding the profile just added; seals it when full. */
  wait(batch: Batch): Promise<void> {
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.profileCount >= this.options.flushProfiles) this.seal();
    return done;
  }

  /** Writes the open batch (after the ones before it). */
  seal(): Promise<void> {
    const batch = this.open;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.open = undefined;
    this.timer = undefined;
    if (batch === undefined) return this.chain;
    this.inFlight.add(batch);
    this.encoder.inFlight.add(batch.symbols);
    this.chain = this.chain.then(() => this.write(batch)).finally(() => {
      this.inFlight.delete(batch);
      this.encoder.inFlight.delete(batch.symbols);
    });
    return this.chain;
  }

  private async write(batch: Batch): Promise<void> {
    const settings = this.options.insertSettings;
    const s = batch.symbols;
    try {
      for (const before of s.dependsOn) if (before.failure !== undefined) throw before.failure;
      const symbolInserts: [string, RowBinary, number][] = [
        ['functions', s.functions, s.counts.functions], ['mappings', s.mappings, s.counts.mappings],
        ['locations', s.locations, s.counts.locations], ['stacks', s.stacks, s.counts.stacks], ['label_sets', s.labelSets, s.counts.labelSets],
      ];
      await Promise.all(symbolInserts.filter(([, , n]) => n > 0).map(([name, rows]) => this.server.insert(table(name), 'RowBinary', rows.bytes(), settings)));
      if (batch.profileCount > 0) await this.server.insert(table('profiles'), 'RowBinary', batch.profiles.bytes(), settings);
      if (batch.otherTypes.length > 0) await this.server.insert(table('other_types'), 'JSONEachRow', batch.otherTypes.join('\n'), settings);
      await this.options.markLate(batch.late);
      this.encoder.markWritten(s);
    } catch (err) {
      s.failure = err;
      for (const w of batch.waiters) w.reject(err);
      return;
    }
    for (const w of batch.waiters) w.resolve();
  }

  /** Writes what is pending and waits for it. */
  async close(): Promise<void> {
    await this.seal();
  }
}
