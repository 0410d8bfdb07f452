import { crc32 } from 'node:zlib';
import type Database from 'better-sqlite3';
import type { StackTable } from './stack-table.js';
import { VarintReader, VarintWriter } from './varint.js';

/** Stacks per chunk row of a snapshot: a million stacks take 16 rows of about 2.5 MB. */
const CHUNK_IDS = 65_536;

type Stamp = [maxId: number, stacks: number, ids: number];
type ChunkRow = [firstId: number, lastId: number, crc: number, packed: Uint8Array];

/**
 * A packed copy of the `stacks` table, so that opening a store reads a few large rows instead
 * of one row per stack (a million rows take about 2 s through better-sqlite3 alone). The
 * `stacks` rows stay the source of truth; the copy is an index of them that may be missing or
 * stale, and is then ignored.
 *
 * `stack_chunks` rows hold ids `first_id..last_id` (contiguous from 1): per id the stack's
 * length plus one (0: no stack) then its location ids, all varints, and the CRC-32 of those
 * bytes. `stack_snapshot`, one row, stamps what the chunks cover: every id up to `max_id`,
 * `stacks` stacks holding `ids` location ids in all. The stamp is written in the transaction
 * that writes the chunks, so a crash leaves the previous snapshot or the new one, never a mix.
 * Triggers (migration 6) delete the stamp whenever a `stacks` row at or under `max_id` is
 * deleted, inserted or changed — by retention, or by any other writer of the file — so a
 * stamped snapshot always equals the rows it covers; the rows above `max_id` are read as rows.
 * Loading checks each chunk's CRC, the chunks' contiguity and the stamp's totals, and falls
 * back to reading every row on any mismatch.
 */
export class StackSnapshot {
  /** The `max_id` of the stamp this process loaded or wrote, when it trusts that the chunks under it are its own. */
  private covered: number | undefined;
  /** After a failed write, the table length at which to try again (not on every ingest while the disk is full). */
  private retryAt = 0;
  private readonly stamp: Database.Statement;
  private readonly writable: boolean;

  constructor(private readonly db: Database.Database, private readonly every: number) {
    this.stamp = db.prepare('SELECT max_id, stacks, ids FROM stack_snapshot WHERE id = 1').raw();
    this.writable = !db.memory && !db.readonly;
  }

  /**
   * Fills the empty `table` from the snapshot and the rows above it. Returns false, leaving
   * `table` to be filled from every row, when there is no valid snapshot.
   */
  load(table: StackTable): boolean {
    const stamp = this.stamp.get() as Stamp | undefined;
    if (stamp === undefined) return false;
    const [maxId, stacks, ids] = stamp;
    const [tailMax, tailBytes] = this.db.prepare('SELECT COALESCE(MAX(id), 0), COALESCE(SUM(length(locations)), 0) FROM stacks WHERE id > ?')
      .raw().get(maxId) as [number, number];
    table.reserve(Math.max(maxId, tailMax), ids + tailBytes);
    const reader = new VarintReader(new Uint8Array(0));
    let next = 1;
    for (const [firstId, lastId, crc, packed] of this.db.prepare('SELECT first_id, last_id, crc, packed FROM stack_chunks ORDER BY first_id')
      .raw().iterate() as IterableIterator<ChunkRow>) {
      if (firstId !== next || lastId < firstId || lastId > maxId || crc32(packed) !== crc) return false;
      reader.reset(packed);
      for (let id = firstId; id <= lastId; id++) {
        if (reader.done) return false;
        const n = reader.uint();
        if (n > 0) table.addRun(reader, n - 1, id);
      }
      if (reader.pos !== packed.length) return false;
      next = lastId + 1;
    }
    if (next !== maxId + 1 || table.size !== stacks || table.idCount !== ids) return false;
    for (const [id, blob] of this.db.prepare('SELECT id, locations FROM stacks WHERE id > ?').raw().iterate(maxId) as IterableIterator<[number, Uint8Array]>) {
      table.addPacked(reader, blob, id);
    }
    this.covered = maxId;
    return true;
  }

  /** Writes the snapshot when it is missing or `every` stacks were added since (called outside transactions). */
  saveIfDue(table: StackTable): void {
    if (!this.writable || table.length < this.retryAt) return;
    const maxId = (this.stamp.get() as Stamp | undefined)?.[0];
    const due = maxId === undefined ? table.size > 0 : table.length - 1 - maxId >= this.every;
    if (due) this.save(table);
  }

  /** Writes the snapshot when it does not cover every stack (on close). */
  saveIfBehind(table: StackTable): void {
    if (!this.writable) return;
    const maxId = (this.stamp.get() as Stamp | undefined)?.[0];
    if (maxId === undefined ? table.size > 0 : table.length - 1 > maxId) this.save(table);
  }

  /**
   * Writes the chunks not yet written — all of them when the stamp is not the one this process
   * knows — and the stamp, in one transaction. A failure (a full disk) leaves the previous
   * snapshot, still valid or already invalidated, and is not an error of the caller's write.
   */
  private save(table: StackTable): void {
    const maxId = Math.max(table.length - 1, 0);
    try {
      this.db.transaction(() => {
        const stamp = this.stamp.get() as Stamp | undefined;
        let from = 1;
        if (stamp !== undefined && stamp[0] === this.covered) {
          const last = this.db.prepare('SELECT first_id, last_id FROM stack_chunks ORDER BY first_id DESC LIMIT 1').raw().get() as [number, number] | undefined;
          // A chunk not yet full is written again with the stacks added since.
          if (last !== undefined) from = last[1] - last[0] + 1 < CHUNK_IDS ? last[0] : last[1] + 1;
        }
        this.db.prepare('DELETE FROM stack_chunks WHERE first_id >= ?').run(from);
        const insert = this.db.prepare('INSERT INTO stack_chunks (first_id, last_id, crc, packed) VALUES (?, ?, ?, ?)');
        const writer = new VarintWriter(1 << 20);
        for (let first = from; first <= maxId; first += CHUNK_IDS) {
          const last = Math.min(first + CHUNK_IDS - 1, maxId);
          writer.reset();
          for (let id = first; id <= last; id++) {
            const locs = table.get(id);
            if (locs === undefined) {
              writer.uint(0);
              continue;
            }
            writer.uint(locs.length + 1);
            for (let i = 0; i < locs.length; i++) writer.uint(locs[i]!);
          }
          const packed = writer.view();
          insert.run(first, last, crc32(packed), packed);
        }
        this.db.prepare('INSERT OR REPLACE INTO stack_snapshot (id, max_id, stacks, ids) VALUES (1, ?, ?, ?)').run(maxId, table.size, table.idCount);
      })();
    } catch (err) {
      if (!isSqliteError(err)) throw err;
      this.covered = undefined;
      this.retryAt = table.length + this.every;
      return;
    }
    this.covered = maxId;
    this.retryAt = 0;
  }
}

function isSqliteError(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
