import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StorageFull } from '../../common/errors.js';

/** Below this many free bytes, an I/O error on write is taken for a full disk. */
const NEARLY_FULL_BYTES = 1 << 20;

/**
 * The one place that turns SQLite's "database or disk is full" into FW_STORAGE_FULL (507).
 * SQLite answers SQLITE_FULL when the disk is full or the file reached its `max_page_count`;
 * an I/O error on write counts too when the disk holding the file has (nearly) no space left.
 * The failed transaction has rolled back, so nothing is half-written. The store reads as full
 * until a later write succeeds: writes resume by themselves once space returns.
 */
export class StorageGuard {
  private problem: string | undefined;

  constructor(private readonly path: string, private readonly maxBytes = 0) {}

  /** Why the last write failed for want of space; undefined when it succeeded. */
  get full(): string | undefined {
    return this.problem;
  }

  /** Runs one write (a transaction), mapping disk-full errors. */
  write<T>(fn: () => T): T {
    let result: T;
    try {
      result = fn();
    } catch (err) {
      throw this.mapped(err);
    }
    this.problem = undefined;
    return result;
  }

  private mapped(err: unknown): unknown {
    const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
    if (typeof code !== 'string') return err;
    const freeBytes = this.freeBytes();
    const diskFull = freeBytes !== undefined && freeBytes < NEARLY_FULL_BYTES;
    if (code !== 'SQLITE_FULL' && !(code.startsWith('SQLITE_IOERR') && diskFull)) return err;
    this.problem = diskFull || this.maxBytes === 0
      ? `no space left on the disk holding ${this.folder()}`
      : `the database reached its cap of ${this.maxBytes} bytes (maxDatabaseBytes)`;
    return new StorageFull(this.problem);
  }

  private folder(): string {
    return dirname(resolve(this.path));
  }

  private freeBytes(): number | undefined {
    if (this.path === '' || this.path === ':memory:') return undefined;
    try {
      const s = statfsSync(this.folder());
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  }
}
