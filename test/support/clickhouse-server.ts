// ClickHouse servers for tests: the one `.ci/run` started (FLAMEWATCH_TEST_CLICKHOUSE_URL), or
// one started lazily for this test process and stopped when it exits; and throwaway servers of
// their own for the cluster test and the benchmark. All through scripts/clickhouse-test-server.mjs.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './fixtures.js';

/** A running throwaway server. */
export interface ClickHouseServer {
  url: string;
  httpPort: number;
  tcpPort: number;
  stop(): Promise<void>;
}

/** True when Debian's clickhouse-server is installed. */
export const clickhouseAvailable: boolean = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' }).status === 0;

/** Why ClickHouse tests are skipped here. */
export const NO_CLICKHOUSE = 'clickhouse-server is not installed (apt-get install clickhouse-server)';

const running = new Set<ChildProcess>();
process.once('exit', () => { for (const c of running) c.kill('SIGTERM'); });

/** Starts a server on free loopback ports; `cluster` writes a `remote_servers` cluster of the given servers (host:port). */
export async function startClickHouse(options: { tcpPort?: number; cluster?: { name: string; shards: readonly string[] } } = {}): Promise<ClickHouseServer> {
  const args = [join(repoRoot, 'scripts', 'clickhouse-test-server.mjs')];
  if (options.tcpPort !== undefined) args.push('--tcp-port', String(options.tcpPort));
  if (options.cluster !== undefined) args.push('--cluster', `${options.cluster.name}=${options.cluster.shards.join(',')}`);
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => { rl.close(); resolve(l); });
    child.once('exit', (code) => reject(new Error(`ClickHouse did not start (exit ${code}): ${stderr}`)));
  });
  const info = JSON.parse(line) as { url: string; httpPort: number; tcpPort: number };
  // The server does not keep this process alive: it stops when this process exits (its stdin closes).
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    ...info,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      // Waiting for the exit keeps this process alive again.
      child.ref();
      child.once('exit', () => { running.delete(child); resolve(); });
      child.stdin!.end();
    }),
  };
}

let shared: Promise<string> | undefined;

/** The URL of the server tests share: `.ci/run`'s, else one started for this process on first use. */
export function sharedClickHouseUrl(): Promise<string> {
  const fromEnv = process.env['FLAMEWATCH_TEST_CLICKHOUSE_URL'];
  if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv);
  shared ??= startClickHouse().then((s) => s.url);
  return shared;
}

/** A database name no other test uses. */
export function freshDatabaseName(): string {
  return `fw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test's database. */
export async function dropDatabase(url: string, database: string): Promise<void> {
  await fetch(url, { method: 'POST', body: `DROP DATABASE IF EXISTS \`${database}\`` });
}
