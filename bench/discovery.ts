// Discovery benchmark: a file_sd file listing N targets (fake pprof endpoints on loopback, in a
// child process) is picked up by the collector and scraped for a while. Prints how long the
// discovery update took, the longest event-loop stall, heap and RSS with N targets registered,
// and the schedule lag of the scrapes (start time minus due time).
//
//   npm run bench:discovery -- --targets 10000 --interval 60 --seconds 60
//   npm run bench:discovery -- --targets 100000 --interval 600 --seconds 30
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createScrapeAgent } from '../collector/scrape-agent.js';
import { startCollector } from '../collector/start-collector.js';
import type { ScrapeObserver } from '../collector/scrape-target.js';
import type { SignalSource } from '../config/scrape-config-file.js';
import { startFixtureTarget } from '../test/support/fixture-target.js';
import { countingStore } from './counting-store.js';
import { cpuMs, percentile } from './measure.js';

const SERVERS = 20;

async function serve(): Promise<void> {
  const ports: number[] = [];
  for (let i = 0; i < SERVERS; i++) ports.push((await startFixtureTarget()).port);
  process.send!({ ports });
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: {
    serve: { type: 'boolean', default: false },
    targets: { type: 'string', default: '10000' },
    interval: { type: 'string', default: '60' },
    seconds: { type: 'string', default: '60' },
  } });
  if (args.serve) { await serve(); return; }
  const n = Number(args.targets), intervalS = Number(args.interval), runMs = Number(args.seconds) * 1000;
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ports = await new Promise<number[]>((resolve) => child.once('message', (m) => resolve((m as { ports: number[] }).ports)));

  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-bench-discovery-'));
  const groups = Array.from({ length: n }, (_, i) => ({
    targets: [`127.0.0.1:${ports[i % SERVERS]}`], labels: { __pprof_path__: `/t${i}/debug/pprof`, replica: String(i), zone: `z${i % 3}` },
  }));
  writeFileSync(join(dir, 'targets.json'), JSON.stringify(groups));
  writeFileSync(join(dir, 'flamewatch.yaml'), `
scrape_configs:
  - job_name: fleet
    scrape_interval: ${intervalS}s
    profiles: [heap]
    file_sd_configs: [{ files: ['targets.json'] }]
    relabel_configs:
      - { source_labels: [zone], target_label: region, replacement: 'eu-$1' }
`);

  const lags: number[] = [];
  let ok = 0, failed = 0;
  const observer: ScrapeObserver = {
    started: (_id, _job, due, at) => { lags.push(at - due); },
    finished: (_id, _job, good) => { if (good) ok++; else failed++; },
  };
  const store = countingStore();
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const stall = monitorEventLoopDelay({ resolution: 10 });
  stall.enable();
  const t0 = performance.now();
  // The fake fleet is 20 origins, not N: let each carry N/20 targets' connections, as N origins would.
  const agent = createScrapeAgent({ connectionsPerOrigin: Math.ceil(n / SERVERS) });
  const running = await startCollector({
    profiles: store, records: store, configFile: join(dir, 'flamewatch.yaml'), observer, dispatcher: agent,
    signals: new EventEmitter() as EventEmitter & SignalSource,
  });
  while (running.configTargets().length < n) await new Promise((r) => setTimeout(r, 20));
  const discoveredMs = performance.now() - t0;
  const stallDuringDiscoveryMs = stall.max / 1e6;
  global.gc?.();
  const mem = process.memoryUsage();
  stall.reset();

  const cpu0 = cpuMs();
  const s0 = Date.now();
  await new Promise((r) => setTimeout(r, runMs));
  const cpu1 = cpuMs();
  const listT0 = performance.now();
  const listed = running.configTargets().length;
  const listMs = performance.now() - listT0;
  await running.stop();
  await agent.close();
  console.log(JSON.stringify({
    targets: n, intervalS, seconds: (Date.now() - s0) / 1000, machine: '2 cores',
    discoveryToScheduledMs: Math.round(discoveredMs), eventLoopStallDuringDiscoveryMs: Math.round(stallDuringDiscoveryMs),
    heapWithTargetsMB: mb(mem.heapUsed), heapPerTargetKB: Math.round(((mem.heapUsed - heap0) / n / 1024) * 10) / 10, rssMB: mb(mem.rss),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
    scrapesStarted: lags.length, scrapesOk: ok, scrapesFailed: failed, ingests: store.ingests,
    lagP50ms: lags.length ? percentile(lags, 50) : null, lagP99ms: lags.length ? percentile(lags, 99) : null, lagMaxms: lags.length ? Math.max(...lags) : null,
    eventLoopStallWhileScrapingMaxMs: Math.round(stall.max / 1e6), cpuPercent: Math.round(((cpu1 - cpu0) / runMs) * 1000) / 10,
    listTargetsMs: Math.round(listMs), listed,
  }, null, 2));
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}

await main();
