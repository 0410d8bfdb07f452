// Ingest benchmark: profiles pushed over HTTP to the server, end to end, with keep-alive
// clients at concurrency 1 and 8. Prints profiles/s, the server's CPU ms and bytes allocated
// per profile, and p50/p99 latency, for a real CPU profile and a large heap profile.
//
//   npm run bench:ingest -- --seconds 10 [--workers N] [--heap FILE]
//
// The server runs in this process as `flamewatch serve` composes it (the SQLite store, the
// API, the ingest worker pool); the clients run in a child process (undici, keep-alive), so
// the CPU figures are the server's own: this process's user + system time, worker threads
// included. Pushes carry times of about now; rollup compaction is held back during the runs
// and measured once at the end. Allocation is counted on the main thread with V8's GC
// profiler; with `--workers 0` decoding runs there too, so that run counts every byte the
// server allocates.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { Pool } from 'undici';
import { startServer } from '../api/server.js';
import { resolveServerOptions } from '../config/server-options.js';
import { top } from '../query/top.js';
import { stacksOfWindow } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { cpuMs, median, percentile } from './measure.js';
import { largeHeapProfile } from './large-heap-profile.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

interface ClientJob {
  url: string; body: Uint8Array; concurrency: number; seconds: number; warmup: number; prefix: string;
  /** Time of the first push (unix ms); push i is at `timeBaseMs + i`: about now, as a client pushing its latest profile. */
  timeBaseMs: number;
  /** A query asked over one more connection, one after the other, while the pushes run. */
  queryPath?: string;
}
interface ClientResult { sent: number; failed: number; firstError?: string; latencies: number[]; wallMs: number; queryLatencies: number[] }

/** Child mode: `concurrency` keep-alive connections, each posting one profile after the other. */
async function runClients(job: ClientJob): Promise<ClientResult> {
  const pool = new Pool(job.url, { connections: job.concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const body = Buffer.from(job.body);
  let n = 0, failed = 0, firstError: string | undefined;
  const latencies: number[] = [];
  const post = async (measure: boolean) => {
    // Every push has its own time, so none is a repeat of a stored one; times are about now, so
    // pushes fall in open rollup buckets, rolled up once when they close, as a live client's do.
    const i = n++;
    const t0 = performance.now();
    const res = await pool.request({
      method: 'POST', path: `/api/v1/ingest?service=${job.prefix}-${i % 8}&at=${job.timeBaseMs + i}`,
      headers: { 'content-type': 'application/octet-stream' }, body,
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) {
      failed++;
      firstError ??= `${res.statusCode} ${text.slice(0, 200)}`;
    }
    if (measure) latencies.push(performance.now() - t0);
  };
  const loop = async (until: number, measure: boolean) => {
    while (performance.now() < until) await post(measure);
  };
  const warmEnd = performance.now() + job.warmup * 1000;
  await Promise.all(Array.from({ length: job.concurrency }, () => loop(warmEnd, false)));
  process.send!({ phase: 'measuring' });
  await new Promise((r) => process.once('message', r));
  const t0 = performance.now();
  const end = t0 + job.seconds * 1000;
  const queryLatencies: number[] = [];
  const queries = async () => {
    if (job.queryPath === undefined) return;
    const client = new Pool(job.url, { connections: 1, keepAliveTimeout: 60_000 });
    while (performance.now() < end) {
      const q0 = performance.now();
      const res = await client.request({ method: 'GET', path: job.queryPath });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`query answered ${res.statusCode}`);
      queryLatencies.push(performance.now() - q0);
    }
    await client.close();
  };
  await Promise.all([queries(), ...Array.from({ length: job.concurrency }, () => loop(end, true))]);
  const wallMs = performance.now() - t0;
  await pool.close();
  return { sent: latencies.length, failed, ...(firstError === undefined ? {} : { firstError }), latencies, wallMs, queryLatencies };
}

/** Bytes allocated on this thread's heap while `profiler` ran: what each GC collected, plus the growth since. */
function allocatedBytes(stats: ReturnType<GCProfiler['stop']>, usedAtStart: number, usedAtEnd: number): number {
  let allocated = 0, used = usedAtStart;
  for (const s of stats?.statistics ?? []) {
    allocated += s.beforeGC.heapStatistics.usedHeapSize - used;
    used = s.afterGC.heapStatistics.usedHeapSize;
  }
  return allocated + usedAtEnd - used;
}

interface Row { label: string; concurrency: number; perSecond: number; cpuPerProfile: number; allocPerProfile: number; p50: number; p99: number; failed: number }

/** One client run: `concurrency` pushing connections and, with `queryPath`, one more asking that query. */
async function runChild(job: ClientJob): Promise<ClientResult> {
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send(job);
  await new Promise((r) => child.once('message', r));
  child.send('go');
  const result = await new Promise<ClientResult>((r) => child.once('message', (m) => r(m as ClientResult)));
  await new Promise((r) => child.once('exit', r));
  return result;
}

/**
 * Whether a burst of pushes holds queries back longer than one ingest transaction: a query's
 * latency alone and during pushes from 8 connections, the server's longest event-loop stall
 * during the burst, and its longest ingest transaction.
 */
async function burstVersusQuery(url: string, body: Uint8Array, seconds: number, queryPath: string, transactions: number[]): Promise<void> {
  const alone = await runChild({ url, body, concurrency: 0, seconds, warmup: 1, prefix: 'burst-alone', queryPath, timeBaseMs: Date.now() });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  transactions.length = 0;
  delay.enable();
  const burst = await runChild({ url, body, concurrency: 8, seconds, warmup: 0, prefix: 'burst', queryPath, timeBaseMs: Date.now() });
  delay.disable();
  const longest = Math.max(...transactions);
  console.log(`query during a burst of pushes (8 connections, ${(burst.sent * 1000 / burst.wallMs).toFixed(0)} profiles/s): `
    + `top over the pushed window p50 ${percentile(alone.queryLatencies, 50).toFixed(1)} ms alone → ${percentile(burst.queryLatencies, 50).toFixed(1)} ms, `
    + `p99 ${percentile(alone.queryLatencies, 99).toFixed(1)} → ${percentile(burst.queryLatencies, 99).toFixed(1)} ms; `
    + `longest event-loop stall ${(delay.max / 1e6).toFixed(1)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms), `
    + `longest ingest transaction ${longest.toFixed(1)} ms (p99 ${percentile(transactions, 99).toFixed(1)} ms)`);
}

/** The time of the first push of each run, by its service prefix. */
const timeBases = new Map<string, number>();

async function measure(url: string, name: string, body: Uint8Array, concurrency: number, seconds: number, run: number): Promise<Row> {
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const prefix = `${name}-c${concurrency}-r${run}`;
  timeBases.set(prefix, Date.now());
  const job: ClientJob = { url, body, concurrency, seconds, warmup: Math.min(3, seconds / 2), prefix, timeBaseMs: timeBases.get(prefix)! };
  child.send(job);
  await new Promise((r) => child.once('message', r));
  const profiler = new GCProfiler();
  const usedAtStart = getHeapStatistics().used_heap_size;
  profiler.start();
  const cpu0 = cpuMs();
  child.send('go');
  const result = await new Promise<ClientResult>((r) => child.once('message', (m) => r(m as ClientResult)));
  const cpu = cpuMs() - cpu0;
  const stats = profiler.stop();
  const allocated = allocatedBytes(stats, usedAtStart, getHeapStatistics().used_heap_size);
  await new Promise((r) => child.once('exit', r));
  if (result.failed > 0) console.log(`  ${result.failed} pushes failed, first: ${result.firstError}`);
  return {
    label: name, concurrency, perSecond: (result.sent * 1000) / result.wallMs, cpuPerProfile: cpu / result.sent,
    allocPerProfile: allocated / result.sent, p50: percentile(result.latencies, 50), p99: percentile(result.latencies, 99), failed: result.failed,
  };
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: {
    client: { type: 'boolean', default: false }, seconds: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' },
    workers: { type: 'string' }, heap: { type: 'string' }, only: { type: 'string' }, concurrency: { type: 'string' },
  } });
  if (args.client) {
    process.once('message', (job) => { void runClients(job as ClientJob).then((r) => { process.send!(r); process.disconnect(); }); });
    return;
  }
  const seconds = Number(args.seconds), runs = Number(args.runs);
  const cpuBody = readFileSync(join(fixtures, 'gobench-regexp.cpu.pb.gz'));
  const heapBody = args.heap === undefined ? await largeHeapProfile() : readFileSync(args.heap);
  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-bench-ingest-'));
  const options = resolveServerOptions({
    dbPath: join(dir, 'ingest.db'), port: 0, logLevel: 'warn', writeRateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 },
    ...(args.workers === undefined ? {} : { decodeWorkers: args.workers }),
  });
  let stores: ReturnType<typeof openSqliteStore> | undefined;
  /** Duration of each ingest transaction (the store's synchronous write), ms. */
  const transactions: number[] = [];
  let stored = 0;
  let compact: ((nowMs: number) => { minutes: number; hours: number }) | undefined;
  const server = await startServer(options, {
    openStores: (path) => {
      stores = openSqliteStore(path, { seriesLimits: options.seriesLimits });
      const profiles = stores.profiles;
      const ingest = profiles.ingest.bind(profiles);
      profiles.ingest = (request) => {
        const t0 = performance.now();
        try {
          const result = ingest(request);
          if (result.created) stored++;
          return result;
        } finally {
          transactions.push(performance.now() - t0);
        }
      };
      // Rollup compaction (once a minute in `serve`) would land in some runs' CPU and not in
      // others': it is held back here and measured on its own at the end.
      compact = profiles.compact.bind(profiles);
      profiles.compact = () => ({ minutes: 0, hours: 0 });
      return { store: profiles, metadata: stores.metadata };
    },
  });
  const rows: Row[] = [];
  try {
    for (const [name, body] of [['cpu', cpuBody], ['heap', heapBody]] as const) {
      if (args.only !== undefined && args.only !== name) continue;
      for (const concurrency of args.concurrency === undefined ? [1, 8] : [Number(args.concurrency)]) {
        const attempts: Row[] = [];
        for (let r = 0; r < runs; r++) attempts.push(await measure(server.url, name, body, concurrency, seconds, r));
        const mid = (f: (row: Row) => number) => median(attempts.map(f));
        const row: Row = {
          label: name, concurrency, perSecond: mid((r) => r.perSecond), cpuPerProfile: mid((r) => r.cpuPerProfile),
          allocPerProfile: mid((r) => r.allocPerProfile), p50: mid((r) => r.p50), p99: mid((r) => r.p99),
          failed: attempts.reduce((s, r) => s + r.failed, 0),
        };
        rows.push(row);
        console.log(`${name} (${(body.length / 1024).toFixed(0)} KB) concurrency ${concurrency}: ${row.perSecond.toFixed(0)} profiles/s, `
          + `${row.cpuPerProfile.toFixed(2)} ms server CPU and ${(row.allocPerProfile / 1024).toFixed(0)} KiB allocated per profile, `
          + `p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms`);
      }
      if (name === 'heap' && stores !== undefined) {
        // The first push of the first run: a window holding that one stored profile.
        const first = timeBases.get(`heap-c${args.concurrency ?? 1}-r0`)!;
        const q = { selector: `{service="heap-c${args.concurrency ?? 1}-r0-0"}`, type: 'inuse_space', fromMs: first, toMs: first };
        const times = Array.from({ length: 11 }, () => {
          const t0 = performance.now();
          top(stacksOfWindow(stores!.profiles.window(q), 'function').stacks);
          return performance.now() - t0;
        });
        console.log(`top of one stored heap profile (${(body.length / 1024).toFixed(0)} KB): p50 ${median(times).toFixed(1)} ms`);
      }
    }
    if (args.only === undefined || args.only === 'burst') {
      // The query reads the pushes of the first concurrency-1 run: about 3,000 CPU profiles.
      if (args.only === 'burst') await measure(server.url, 'cpu', cpuBody, 1, seconds, 0);
      const first = timeBases.get('cpu-c1-r0')!;
      const query = `/api/v1/top?service=cpu-c1-r0-0&type=cpu&from=${first}&to=${first + 100_000}&limit=20`;
      await burstVersusQuery(server.url, cpuBody, seconds, query, transactions);
    }
    if (compact !== undefined) {
      // Every bucket closed: each stored profile is read once into its minute rollup and once into its hour rollup.
      const cpu0 = cpuMs();
      const written = compact(Date.now() + 3 * 3_600_000);
      const cpu = cpuMs() - cpu0;
      console.log(`rolling up the ${stored} stored profiles afterwards (${written.minutes} minute and ${written.hours} hour rollups): `
        + `${cpu.toFixed(0)} ms CPU, ${(cpu / stored).toFixed(2)} ms per profile (CPU and heap profiles together)`);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`medians of ${runs} runs of ${seconds} s each; ${cpus().length} cores (${cpus()[0]?.model.trim()}), `
    + `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
