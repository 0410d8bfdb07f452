import type { ClickHouseHttp, Settings } from './http-client.js';
import { RowBinary } from './row-binary.js';
import type { Sql } from './sql.js';

/**
 * Rows of one table written together every `delayMs` (scrape health and MemStats come once per
 * scrape: one INSERT each would make ClickHouse merge thousands of tiny parts). Each add's
 * promise settles when its rows are stored.
 */
export class InsertBuffer {
  private rows = new RowBinary(1 << 12);
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly server: ClickHouseHttp, private readonly table: Sql, private readonly settings: Settings, private readonly delayMs: number) {}

  add(write: (rows: RowBinary) => void): Promise<void> {
    write(this.rows);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.timer ??= setTimeout(() => { void this.flush(); }, this.delayMs);
    return done;
  }

  /** Writes what is buffered (after earlier writes) and waits for it. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.rows, waiters = this.waiters;
    this.rows = new RowBinary(1 << 12);
    this.waiters = [];
    if (waiters.length === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      try {
        await this.server.insert(this.table, 'RowBinary', rows.bytes(), this.settings);
      } catch (err) {
        for (const w of waiters) w.reject(err);
        return;
      }
      for (const w of waiters) w.resolve();
    });
    return this.chain;
  }
}
