// Several `flamewatch serve` processes on one ClickHouse store (shards, API-only replicas), and
// what each one's /metrics says it scraped.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase, freshDatabaseName } from './clickhouse-server.js';
import { startFlamewatch } from './serve-process.js';
import type { FlamewatchProcess } from './serve-process.js';
import { tempDir } from './temp-store.js';

/** Replicas of one store: started with `add`, all stopped and the database dropped by `dispose`. */
export interface Replicas {
  readonly urls: readonly string[];
  readonly database: string;
  /** Starts `serve` with these extra arguments on the shared store. */
  add(args: string[]): Promise<FlamewatchProcess>;
  dispose(): Promise<void>;
}

/** Replicas on a fresh database of the ClickHouse servers at `urls` (every shard's URL when `cluster` is given). */
export function replicasOf(urls: readonly string[], cluster?: string): Replicas {
  const database = freshDatabaseName();
  const dir = tempDir('flamewatch-replicas-');
  const started: FlamewatchProcess[] = [];
  const storeArgs = ['--clickhouse', urls.join(','), '--clickhouse-database', database, '--secret-key-file', join(dir, 'secret.key')];
  if (cluster !== undefined) storeArgs.push('--clickhouse-cluster', cluster);
  return {
    urls, database,
    async add(args) {
      const p = await startFlamewatch(['serve', '--db', join(dir, 'unused.db'), '--port', '0', ...storeArgs, ...args]);
      started.push(p);
      return p;
    },
    async dispose() {
      await Promise.all(started.map((p) => p.stop()));
      // A cluster's servers are thrown away whole (dropping a Distributed table can wait on its
      // send queue to a shard whose database is gone); one shared server keeps running.
      if (cluster === undefined) for (const url of urls) await dropDatabase(url, database);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The target ids a server's collector scraped successfully at least once (its flamewatch_scrapes_total). */
export async function scrapedTargets(serverUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^flamewatch_scrapes_total\{target="([^"]+)",profile="[^"]+",outcome="ok"\} (\d+)$/gm)) {
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + Number(m[2]));
  }
  return counts;
}

/** Resolves when `check` answers true, polling every 200 ms; fails naming `what` after `ms`. */
export async function eventually(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`still not true after ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
