// Load benchmark: HTTP queries and pushes against the server while its collector scrapes 200
// targets. Prints throughput and p50/p99 latency per route, and the collector's schedule lag
// (start time minus due time) alone and under load.
//
//   npm run bench:load -- --seconds 30 --targets 200 --connections 4
//
// One process runs what `serve` runs (the SQLite store, the API, the collector); the fake
// targets (20 HTTP servers answering at once with fixture profiles) and the load generator
// (one autocannon instance per route, each with its own connections) run in child processes,
// so the figures are the server's own. The store is first filled with an hour of history for
// 200 series, so top, flame graph and diff read real 1 h windows.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildApp } from '../api/app.js';
import { decodeProfile } from '../codec/decode.js';
import { resolveLimits } from '../codec/limits.js';
import { Collector } from '../collector/collector.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import type { ScrapeObserver } from '../collector/scrape-target.js';
import { resolveTarget } from '../config/target.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { cpuMs, median, percentile } from './measure.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const SERVERS = 20;
const fixtureBytes = (name: string) => readFileSync(join(fixtures, name));

/** Child mode: the fake targets. */
async function serveTargets(): Promise<void> {
  const cpu = fixtureBytes('hotspots.cpu.1.pb.gz'), heap = fixtureBytes('hotspots.heap.pb.gz'), text = fixtureBytes('hotspots.heap-debug1.txt');
  const ports: number[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      res.end(url.includes('/profile?') ? cpu : url.endsWith('debug=1') ? text : heap);
    });
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ports.push((server.address() as { port: number }).port);
  }
  process.send!({ ports });
}

interface CannonJob { url: string; seconds: number; connections: number; services: number }
interface RouteResult { route: string; requests: number; perSecond: number; p50ms: number; p99ms: number; non2xx: number; errors: number }

/** Child mode: one autocannon instance per route, all at once. */
async function cannon(job: CannonJob): Promise<RouteResult[]> {
  const ingestBody = fixtureBytes('hotspots.cpu.2.pb.gz');
  let n = 0;
  const service = () => `svc-${n++ % job.services}`;
  const hour = '&from=now-1h&to=now';
  const routes: [string, Omit<autocannon.Options, 'url'>][] = [
    ['top', { requests: [{ setupRequest: (r) => ({ ...r, path: `/api/v1/top?service=${service()}&type=cpu${hour}&limit=50` }) }] }],
    ['flamegraph', { requests: [{ setupRequest: (r) => ({ ...r, path: `/api/v1/flamegraph?service=${service()}&type=cpu${hour}&maxNodes=500` }) }] }],
    ['diff', { requests: [{ setupRequest: (r) => ({ ...r, path: `/api/v1/diff?service=${service()}&type=inuse_space${hour}&baseFrom=now-2h` }) }] }],
    ['ingest', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: ingestBody,
      requests: [{ setupRequest: (r) => ({ ...r, path: `/api/v1/ingest?service=pushed-${n++ % 20}&labels=job=load` }) }] }],
  ];
  const results = await Promise.all(routes.map(([route, options]) => autocannon({
    ...options, url: job.url, connections: job.connections, duration: job.seconds,
  }).then((r): RouteResult => ({
    route, requests: r.requests.total, perSecond: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99,
    non2xx: r.non2xx, errors: r.errors + r.timeouts,
  }))));
  return results;
}

function lagSummary(lags: number[]): { scrapes: number; p50ms: number; p99ms: number; maxms: number } {
  return { scrapes: lags.length, p50ms: Math.round(percentile(lags, 50)), p99ms: Math.round(percentile(lags, 99)), maxms: Math.max(...lags) };
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: {
    targets: { type: 'string' }, cannon: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '30' }, interval: { type: 'string', default: '10' }, connections: { type: 'string', default: '4' },
  } });
  if (args.targets === 'serve') { await serveTargets(); return; }
  if (args.cannon) {
    process.once('message', (job) => { void cannon(job as CannonJob).then((r) => { process.send!(r); }); });
    return;
  }
  const n = Number(args.targets ?? 200), seconds = Number(args.seconds), intervalMs = Number(args.interval) * 1000;
  const targetsChild: ChildProcess = fork(fileURLToPath(import.meta.url), ['--targets', 'serve'], { stdio: 'inherit' });
  const ports = await new Promise<number[]>((resolve) => targetsChild.once('message', (m) => resolve((m as { ports: number[] }).ports)));

  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-load-'));
  const stores = openSqliteStore(join(dir, 'load.db'));
  // An hour of history: one CPU and one heap profile per series every minute.
  const cpu = decodeProfile(fixtureBytes('hotspots.cpu.1.pb.gz')), heap = decodeProfile(fixtureBytes('hotspots.heap.pb.gz'));
  const now = Date.now();
  for (let t = now - 2 * 3_600_000; t < now; t += 60_000) {
    for (let s = 0; s < n; s++) {
      const labels = { service: `svc-${s % 20}`, instance: `10.0.${s >> 8}.${s & 255}:6060` };
      stores.profiles.ingest({ profile: cpu, labels, timeMs: t + s });
      stores.profiles.ingest({ profile: heap, labels, kind: 'heap', timeMs: t + s });
    }
  }
  stores.profiles.compact(now);
  const app = buildApp({
    store: stores.profiles, metadata: stores.metadata, limits: resolveLimits(), tokens: {},
    writeRateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  let lags: number[] = [];
  let failed = 0;
  const observer: ScrapeObserver = { started: (_id, _job, due, at) => { lags.push(at - due); }, finished: (_id, _job, ok) => { if (!ok) failed++; } };
  const agent = createScrapeAgent({ connectionsPerOrigin: 64 });
  const collector = new Collector({ profiles: stores.profiles, records: stores.metadata, dispatcher: agent, observer });
  for (let i = 0; i < n; i++) {
    collector.upsert({ id: `load-${i}`, ...resolveTarget({
      service: `svc-${i % 20}`, url: `http://127.0.0.1:${ports[i % SERVERS]}`, pathPrefix: `/t${i}/debug/pprof`,
      labels: { replica: String(i) }, intervalMs, profiles: ['cpu', 'heap'], source: 'api',
    }) });
  }
  // One request at a time, before the collector starts: what each route costs on its own.
  const idle: Record<string, number> = {};
  const paths: Record<string, string> = {
    top: '/api/v1/top?service=svc-1&type=cpu&from=now-1h&limit=50', flamegraph: '/api/v1/flamegraph?service=svc-1&type=cpu&from=now-1h&maxNodes=500',
    diff: '/api/v1/diff?service=svc-1&type=inuse_space&from=now-1h&baseFrom=now-2h',
  };
  for (const [route, path] of Object.entries(paths)) {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      await (await fetch(url + path)).arrayBuffer();
      times.push(performance.now() - t);
    }
    idle[route] = Math.round(median(times) * 10) / 10;
  }
  collector.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const alone = lagSummary(lags);
  lags = [];

  const cannonChild = fork(fileURLToPath(import.meta.url), ['--cannon'], { stdio: 'inherit' });
  const cpu0 = cpuMs(), t0 = Date.now();
  cannonChild.send({ url, seconds, connections: Number(args.connections), services: 20 } satisfies CannonJob);
  const routes = await new Promise<RouteResult[]>((resolve) => cannonChild.once('message', (m) => resolve(m as RouteResult[])));
  const cpuUsed = cpuMs() - cpu0;
  const cpuPercent = Math.round((cpuUsed / (Date.now() - t0)) * 100);
  const served = routes.reduce((sum, r) => sum + r.requests, 0);
  const loaded = lagSummary(lags);
  await collector.stop();
  const report = {
    targets: n, intervalS: intervalMs / 1000, seconds, connectionsPerRoute: Number(args.connections),
    storedProfilesAtStart: n * 240, idleMedianMs: idle, routes, collectorLag: { alone, underLoad: loaded }, failedScrapes: failed,
    serverCpuPercent: cpuPercent, serverCpuMsPerRequest: Math.round((cpuUsed / Math.max(1, served)) * 10) / 10,
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(report, null, 2));
  console.log('\n| route | requests/s | p50 ms | p99 ms | non-2xx |\n|---|---:|---:|---:|---:|');
  for (const r of routes) console.log(`| ${r.route} | ${r.perSecond} | ${r.p50ms} | ${r.p99ms} | ${r.non2xx} |`);
  await app.close();
  await agent.close();
  stores.close();
  targetsChild.kill();
  cannonChild.kill();
  rmSync(dir, { recursive: true, force: true });
}

await main();
