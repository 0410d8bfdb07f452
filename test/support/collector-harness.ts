import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collector } from '../../collector/collector.js';
import { createScrapeAgent } from '../../collector/scrape-agent.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import type { SqliteStores } from '../../store/sqlite/open-sqlite-store.js';
import { HotspotsRunner } from './hotspots.js';

/**
 * A real collector on a real SQLite store in a temporary folder, with a runner for live
 * hotspots processes to scrape. `open()` in `before`, `dispose()` in `after`.
 */
export class CollectorHarness {
  readonly runner = new HotspotsRunner();
  readonly agent = createScrapeAgent();
  private readonly dir = mkdtempSync(join(tmpdir(), 'flamewatch-collector-'));
  stores!: SqliteStores;
  collector!: Collector;

  /** Builds the Go program and opens the store and a collector on it. */
  open(): void {
    this.runner.build();
    this.stores = openSqliteStore(join(this.dir, 'fw.db'));
    this.collector = new Collector({ profiles: this.stores.profiles, records: this.stores.metadata, dispatcher: this.agent });
  }

  /** Stops the collector and every process, closes the store and removes the folder. */
  async dispose(): Promise<void> {
    await this.collector?.stop();
    await this.agent.close();
    this.stores?.close();
    await this.runner.stopAll();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
