// ClickHouse servers for tests: the one `.ci/run` started (FLAMEWATCH_TEST_CLICKHOUSE_URL), or
// one started lazily for this test process and stopped when it exits; and throwaway servers and
// clusters of their own for the cluster test and the benchmark. All through
// scripts/clickhouse-test-server.mjs, which chooses the ports and retries a start whose port was taken.
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

/** Running servers joined as the shards of cluster `name` (remote_servers in each one's config). */
export interface ClickHouseCluster {
  name: string;
  urls: string[];
  stop(): Promise<void>;
}

/** True when Debian's clickhouse-server is installed. */
export const clickhouseAvailable: boolean = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' }).status === 0;

/** Why ClickHouse tests are skipped here. */
export const NO_CLICKHOUSE = 'clickhouse-server is not installed (apt-get install clickhouse-server)';

const running = new Set<ChildProcess>();
process.once('exit', () => { for (const c of running) c.kill('SIGTERM'); });

/** Runs the script with `args` until it prints its JSON line; `stop` closes its stdin, which stops its servers. */
async function launch<T>(args: readonly string[]): Promise<{ info: T; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'clickhouse-test-server.mjs'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => { rl.close(); resolve(l); });
    child.once('exit', (code) => reject(new Error(`ClickHouse did not start (exit ${code}): ${stderr}`)));
  });
  // The servers do not keep this process alive: they stop when this process exits (the script's stdin closes).
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    info: JSON.parse(line) as T,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      // Waiting for the exit keeps this process alive again.
      child.ref();
      child.once('exit', () => { running.delete(child); resolve(); });
      child.stdin!.end();
    }),
  };
}

/** Starts a server on free loopback ports. */
export async function startClickHouse(): Promise<ClickHouseServer> {
  const { info, stop } = await launch<{ url: string; httpPort: number; tcpPort: number }>([]);
  return { url: info.url, httpPort: info.httpPort, tcpPort: info.tcpPort, stop };
}

/** Starts `shards` servers, each knowing all of them as the shards of cluster `name`. */
export async function startClickHouseCluster(shards = 2, name = 'flamewatch_test'): Promise<ClickHouseCluster> {
  const { info, stop } = await launch<{ servers: { url: string }[] }>(['--cluster', name, '--shards', String(shards)]);
  return { name, urls: info.servers.map((s) => s.url), stop };
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
