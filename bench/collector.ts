// Collector benchmark: N fake targets on loopback serving real-size Go profiles (a 45 KB CPU
// profile, a heap profile of over 100 KB and its heap?debug=1 text), scraped at a fixed interval
// for a fixed time. Prints scrapes done vs due, missed, start lag, CPU and RSS.
//
//   npm run bench:collector -- --targets 1000 --interval 10 --seconds 60 --store sqlite [--workers N]
//
// The fake targets run in a child process (20 HTTP servers, N/20 path prefixes each) so the
// figures are the collector's own (worker threads of the decode pool included). They answer at
// once with the profile bytes.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Collector } from '../collector/collector.js';
import { nextDue, phaseOf } from '../collector/schedule.js';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import type { ScrapeObserver } from '../collector/scrape-target.js';
import { DEFAULTS } from '../config/defaults.js';
import { resolveTarget } from '../config/target.js';
import type { ScrapeRecordWriter } from '../store/metadata-store.js';
import type { ProfileWriter } from '../store/profile-store.js';
import { createDecodePool } from '../codec/decode-pool.js';
import { countingStore } from './counting-store.js';
import { heapProfileFiles } from './large-heap-profile.js';
import { cpuMs, percentile } from './measure.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const SERVERS = 20;

/** Distinct stacks of the fake targets' heap profile: over 100 KB gzip'd, as a large service's. */
const HEAP_STACKS = 24_000;

/** The profiles the fake targets serve: a real 45 KB Go CPU profile, a large heap profile and its heap?debug=1 text. */
function profileFiles(): { cpu: string; heap: string; text: string } {
  const { profile, text } = heapProfileFiles(HEAP_STACKS);
  return { cpu: join(fixtures, 'gobench-regexp.cpu.pb.gz'), heap: profile, text };
}

async function serve(): Promise<void> {
  const files = profileFiles();
  const cpu = readFileSync(files.cpu), heap = readFileSync(files.heap), text = readFileSync(files.text);
  const ports: number[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      if (url.includes('/profile?')) res.end(cpu);
      else if (url.endsWith('/heap?debug=1')) res.end(text);
      else if (url.endsWith('/heap')) res.end(heap);
      else res.writeHead(404).end();
    });
    server.keepAliveTimeout = 120_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ports.push((server.address() as { port: number }).port);
  }
  process.send!({ ports });
}

/** A store that only counts: for measuring scrape + decode without the database. */
async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: {
    serve: { type: 'boolean', default: false },
    targets: { type: 'string', default: '1000' },
    interval: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '60' },
    store: { type: 'string', default: 'sqlite' },
    workers: { type: 'string' },
  } });
  if (args.serve) { await serve(); return; }
  const n = Number(args.targets), intervalMs = Number(args.interval) * 1000, runMs = Number(args.seconds) * 1000;
  const files = profileFiles();

  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ports = await new Promise<number[]>((resolve) => child.once('message', (m) => resolve((m as { ports: number[] }).ports)));

  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-bench-'));
  let store: ProfileWriter, metadata: ScrapeRecordWriter, close = () => {}, counted: { ingests: number } | undefined;
  let sizeBytes: (() => number) | undefined;
  if (args.store === 'sqlite') {
    const { openSqliteStore } = await import('../store/sqlite/open-sqlite-store.js');
    const opened = openSqliteStore(join(dir, 'bench.db'));
    store = opened.profiles; metadata = opened.metadata; close = () => opened.close();
    sizeBytes = () => opened.profiles.sizeBytes();
  } else {
    const s = countingStore();
    store = s; metadata = s; counted = s;
  }

  const lags: number[] = [];
  let started = 0, ok = 0, failed = 0, skipped = 0;
  const firstError: string[] = [];
  const observer: ScrapeObserver = {
    started: (_id, _job, due, at) => { started++; lags.push(at - due); },
    finished: (_id, _job, good) => { if (good) ok++; else failed++; },
    skipped: (_id, _job, ticks) => { skipped += ticks; },
  };
  const agent = createScrapeAgent({ connectionsPerOrigin: 64 });
  const decoder = await createDecodePool(args.workers === undefined ? 'auto' : Number(args.workers), DEFAULTS.server.decodeSlabs);
  const collector = new Collector({ profiles: store, records: metadata, dispatcher: agent, observer, decoder,
    logger: { info() {}, error() {}, warn: (o) => { if (firstError.length < 3) firstError.push(JSON.stringify(o)); } } });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `bench-${i}`;
    ids.push(id);
    collector.upsert({ id, ...resolveTarget({
      service: `svc-${i % 50}`, url: `http://127.0.0.1:${ports[i % SERVERS]}`, pathPrefix: `/t${i}/debug/pprof`,
      labels: { replica: String(i) }, intervalMs, profiles: ['cpu', 'heap'], source: 'api',
    }) });
  }

  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  const cpu0 = cpuMs();
  const t0 = Date.now();
  collector.start();
  await new Promise((r) => setTimeout(r, runMs));
  const t1 = Date.now();
  await collector.stop();
  const cpu1 = cpuMs();
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  let dueSlots = 0;
  for (const id of ids) {
    for (let due = nextDue(t0 - 1, intervalMs, phaseOf(id, intervalMs)); due < t1; due += intervalMs) dueSlots++;
  }
  const due = dueSlots * 2;
  const maxRssKb = process.resourceUsage().maxRSS;
  const report = {
    targets: n, intervalS: intervalMs / 1000, seconds: (t1 - t0) / 1000, store: args.store,
    cpuProfileKB: Math.round(statSync(files.cpu).size / 1024), heapProfileKB: Math.round(statSync(files.heap).size / 1024),
    heapTextMB: Math.round(statSync(files.text).size / 1048576), loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    scrapesDue: due, scrapesStarted: started, scrapesOk: ok, scrapesFailed: failed, skippedTicks: skipped,
    missed: Math.max(0, due - started),
    lagP50ms: Math.round(percentile(lags, 50) * 10) / 10, lagP99ms: Math.round(percentile(lags, 99) * 10) / 10,
    lagMaxms: Math.max(...lags),
    cpuPercent: Math.round(((cpu1 - cpu0) / (t1 - t0)) * 1000) / 10,
    peakRssMB: Math.round(Math.max(peakRss, maxRssKb * 1024) / 1048576),
    ingests: counted?.ingests,
    dbMB: sizeBytes === undefined ? undefined : Math.round(sizeBytes() / 1048576),
    firstErrors: firstError,
  };
  console.log(JSON.stringify(report, null, 2));
  await agent.close();
  await decoder.close();
  close();
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}

await main();
