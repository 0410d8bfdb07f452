// Builds test/go/hotspots once per test file into a temporary folder and runs it as a live
// pprof target. Every process started here is killed by stopAll() (call it in `after`).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './fixtures.js';

export { goAvailable } from './oracle.js';

/** A running hotspots process. */
export interface Hotspots {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Options of a hotspots process: see test/go/hotspots/main.go. */
export interface HotspotsOptions {
  listen?: string;
  prefix?: string;
  workload?: 'a' | 'b';
  version?: string;
  /** Run the work under pprof.Do with handler and tenant labels, and park labelled goroutines (`-labels`). */
  labels?: boolean;
  /** Require basic auth `user:password`. */
  basicAuth?: string;
  /** Serve HTTPS with this certificate and key; with `clientCa`, require client certificates it signed. */
  tls?: { cert: string; key: string; clientCa?: string };
}

/** Builds hotspots and starts processes of it. */
export class HotspotsRunner {
  readonly dir = mkdtempSync(join(tmpdir(), 'flamewatch-hotspots-'));
  readonly binary = join(this.dir, 'hotspots');
  private readonly children = new Set<ChildProcess>();

  build(): void {
    const env = { ...process.env, GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
    const res = spawnSync('go', ['build', '-trimpath', '-o', this.binary, './hotspots'], { cwd: join(repoRoot, 'test', 'go'), env, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`go build failed: ${res.stderr}`);
  }

  async start(options: HotspotsOptions = {}): Promise<Hotspots> {
    const args = ['-listen', options.listen ?? '127.0.0.1:0', '-workload', options.workload ?? 'a'];
    if (options.prefix) args.push('-prefix', options.prefix);
    if (options.labels) args.push('-labels');
    if (options.version) args.push('-version', options.version);
    if (options.basicAuth) args.push('-basic-auth', options.basicAuth);
    if (options.tls) args.push('-tls-cert', options.tls.cert, '-tls-key', options.tls.key);
    if (options.tls?.clientCa) args.push('-client-ca', options.tls.clientCa);
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.stderr!.resume();
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error('hotspots did not print its address')), 10_000);
      lines.on('line', (line) => {
        const m = /^listening on (https?:\/\/\S+)$/.exec(line.trim());
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`hotspots exited with ${code}`)); });
    });
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
      this.children.delete(child);
    };
    return { url, port: Number(new URL(url).port), child, stop };
  }

  async stopAll(): Promise<void> {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.children.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(stepMs);
  }
  return check();
}
