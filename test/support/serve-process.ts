import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dropDatabase, freshDatabaseName, sharedClickHouseUrl } from './clickhouse-server.js';
import { repoRoot } from './fixtures.js';
import type { BackendName } from './store-backends.js';
import { tempDir } from './temp-store.js';

/** A `flamewatch serve` child process on a fresh database and a free port. */
export interface ServeProcess extends FlamewatchProcess {
  dbPath: string;
  /** Stops the process (if running) and removes the database folder. */
  dispose(): Promise<void>;
}

/** A running `flamewatch` process that printed its "flamewatch listening" line. */
export interface FlamewatchProcess {
  url: string;
  child: ChildProcess;
  /** The JSON log lines the server printed so far. */
  logs: { level?: number; msg?: string }[];
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node bin/flamewatch.js ARGS` and waits until it listens. */
export async function startFlamewatch(args: string[], env: NodeJS.ProcessEnv = {}): Promise<FlamewatchProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'flamewatch.js'), ...args], {
    env: { ...process.env, FLAMEWATCH_TOKEN: '', FLAMEWATCH_READ_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const logs: { level?: number; msg?: string }[] = [];
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flamewatch serve did not start within 30 s: ${stderr}`));
    }, 30_000);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`flamewatch serve exited with ${code}: ${stderr}`)); });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; url?: string };
        logs.push(entry);
        if (entry.msg === 'flamewatch listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { url, child, logs, stop };
}

/**
 * Starts `node bin/flamewatch.js serve --port 0` in its own process (tests that run
 * `go tool pprof` or the CLI synchronously would otherwise block the server's event loop), on
 * a fresh SQLite file, or a fresh database of the shared ClickHouse test server.
 */
export async function startServeProcess(env: NodeJS.ProcessEnv = {}, args: string[] = [], backend: BackendName = 'sqlite'): Promise<ServeProcess> {
  const dir = tempDir('flamewatch-serve-');
  const dbPath = join(dir, 'data', 'flamewatch.db');
  const clickhouse = backend === 'clickhouse' ? { url: await sharedClickHouseUrl(), database: freshDatabaseName() } : undefined;
  const storeArgs = clickhouse === undefined ? [] : ['--clickhouse', clickhouse.url, '--clickhouse-database', clickhouse.database];
  let running: FlamewatchProcess;
  try {
    running = await startFlamewatch(['serve', '--db', dbPath, '--port', '0', ...storeArgs, ...args], env);
  } catch (err) {
    if (clickhouse !== undefined) await dropDatabase(clickhouse.url, clickhouse.database);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...running, dbPath,
    async dispose() {
      await running.stop();
      if (clickhouse !== undefined) await dropDatabase(clickhouse.url, clickhouse.database);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a profile to a running server with fetch. */
export async function pushProfile(url: string, bytes: Uint8Array, query: string, token?: string): Promise<Response> {
  return fetch(`${url}/api/v1/ingest?${query}`, {
    method: 'POST', body: bytes,
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}
