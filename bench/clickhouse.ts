import { readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { decodeProfile } from '../codec/decode.js';
import { formatDuration, parseDurationMs } from '../common/duration.js';
import { encodeProfile } from '../codec/encode.js';
import type { Profile } from '../codec/profile.js';
import { flameGraph } from '../query/flame.js';
import { top } from '../query/top.js';
import { stacksOfWindow } from '../query/window-stacks.js';
import type { ProfileStore } from '../store/profile-store.js';
import { openClickHouseStore } from '../store/clickhouse/open-clickhouse-store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { startClickHouseCluster } from '../test/support/clickhouse-server.js';
import { replicasOf, scrapedTargets } from '../test/support/replicas.js';
import { tempDir } from '../test/support/temp-store.js';
import { median } from './measure.js';
import { scrapeVariation } from './scrape-variation.js';

/**
 * ClickHouse benchmark, side by side with SQLite on the same data:
 *
 * 1. Store: the same real-size profiles (variations of the CPU and heap fixtures Go wrote) for
 *    `--services` services every 10 minutes over 24 hours, ingested into a 2-shard ClickHouse
 *    cluster (Distributed tables) and into a SQLite file: ingest rate, top and flame graph
 *    latency over 1 h and 24 h windows (medians), bytes per profile on disk.
 * 2. Collectors: 2 `serve --shard i/2` processes, `--targets` targets each registered through
 *    their API (the time per registration is printed), scraping cpu and heap every `--interval`
 *    from a loopback endpoint serving the same fixtures (a target per service) into the cluster
 *    for `--seconds`: profiles stored per second, scrapes that failed.
 *
 *   npm run bench:clickhouse -- [--services 50] [--targets 1000] [--interval 15s] [--seconds 60]
 *                               [--skip-store] [--register-only]
 *
 * `--register-only` registers the targets through 2 API-only replicas (`--no-collector`: nothing
 * is scraped) and stops: the registration figures alone. The flags' defaults can also be set by
 * BENCH_SERVICES, BENCH_TARGETS, BENCH_INTERVAL and BENCH_SECONDS.
 */

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const { values: args } = parseArgs({
  options: {
    services: { type: 'string', default: process.env['BENCH_SERVICES'] ?? '50' },
    targets: { type: 'string', default: process.env['BENCH_TARGETS'] ?? '1000' },
    interval: { type: 'string', default: process.env['BENCH_INTERVAL'] ?? '15s' },
    seconds: { type: 'string', default: process.env['BENCH_SECONDS'] ?? '60' },
    'skip-store': { type: 'boolean', default: false },
    'register-only': { type: 'boolean', default: false },
  },
});
const SERVICES = Number(args.services);
const TARGETS = Number(args.targets);
const INTERVAL_MS = parseDurationMs(args.interval) ?? NaN;
const SECONDS = Number(args.seconds);
if (!(INTERVAL_MS >= 1000) || !(TARGETS > 0) || !(SERVICES > 0) || !(SECONDS > 0)) {
  throw new Error('--interval must be a duration of 1s or more, --targets, --services and --seconds positive numbers');
}
const STEP_MS = 600_000;
const DAY_MS = 86_400_000;
const T_END = Math.floor(Date.now() / 3_600_000) * 3_600_000;

const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;

interface StoreFigures { ingestPerSec: number; bytes: number; profiles: number; latency: Record<string, number> }

/** Ingests the day into a store, then times top and flame over 1 h and 24 h. */
async function measureStore(store: ProfileStore, profiles: { profile: Profile; service: string; t: number }[], size: () => Promise<number>): Promise<StoreFigures> {
  const started = performance.now();
  // As collectors do: many ingests in flight at once (ClickHouse writes them together).
  const inFlight = new Set<Promise<unknown>>();
  for (const p of profiles) {
    const done = Promise.resolve(store.ingest({ profile: p.profile, labels: { service: p.service }, timeMs: p.t, intervalMs: STEP_MS }));
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    if (inFlight.size >= 256) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const ingestPerSec = profiles.length / ((performance.now() - started) / 1000);
  await store.compact(T_END + DAY_MS);
  const latency: Record<string, number> = {};
  for (const [name, fromMs] of [['1h', T_END - 3_600_000], ['24h', T_END - DAY_MS]] as const) {
    for (const what of ['top', 'flame'] as const) {
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const stacks = stacksOfWindow(await store.window({ selector: '', type: 'cpu', fromMs, toMs: T_END }), 'function').stacks;
        if (what === 'top') top(stacks);
        else flameGraph(stacks);
        runs.push(performance.now() - t0);
      }
      latency[`${what} ${name}`] = median(runs);
    }
  }
  return { ingestPerSec, bytes: await size(), profiles: profiles.length, latency };
}

/** Registers `count` targets through `servers` in turn, one request at a time; returns each registration's ms. */
async function register(servers: readonly { url: string }[], count: number, targetUrl: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await fetch(`${servers[i % servers.length]!.url}/api/v1/targets`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: `svc${i}`, url: targetUrl, interval: formatDuration(INTERVAL_MS), profiles: ['cpu', 'heap'], cpuSeconds: 1 }),
    });
    if (res.status !== 201) throw new Error(`target ${i}: ${res.status} ${await res.text()}`);
    times.push(performance.now() - t0);
  }
  const slice = (from: number, to: number) => median(times.slice(Math.floor(from * count), Math.max(Math.floor(to * count), Math.floor(from * count) + 1)));
  const total = times.reduce((a, b) => a + b, 0) / 1000;
  console.log(`\nregistering ${count} targets through the API (one at a time): ${total.toFixed(1)} s in all, `
    + `median ${median(times).toFixed(1)} ms per registration (first tenth ${slice(0, 0.1).toFixed(1)} ms, last tenth ${slice(0.9, 1).toFixed(1)} ms); ${load()}`);
  return times;
}

/** Collectors: 2 shards scraping TARGETS each from one loopback endpoint serving the fixtures (or only registering them). */
async function measureCollectors(urls: string[], cluster: string): Promise<{ stored: number; seconds: number; failed: number } | undefined> {
  const cpu = readFileSync(join(fixtures, 'hotspots.cpu.1.pb.gz')), heap = readFileSync(join(fixtures, 'hotspots.heap.pb.gz'));
  const server = createServer((req, res) => res.end((req.url ?? '').includes('/profile') ? cpu : heap));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const replicas = replicasOf(urls, cluster);
  try {
    const roles = args['register-only'] ? [['--no-collector'], ['--no-collector']] : [['--shard', '0/2'], ['--shard', '1/2']];
    const shards = [await replicas.add([...roles[0]!, '--write-rate-limit', '100000']), await replicas.add([...roles[1]!, '--write-rate-limit', '100000'])];
    await register(shards, 2 * TARGETS, url);
    if (args['register-only']) return undefined;
    const counts = async () => {
      let ok = 0, failed = 0;
      for (const s of shards) {
        const text = await (await fetch(`${s.url}/metrics`)).text();
        for (const m of text.matchAll(/^flamewatch_scrapes_total\{[^}]*outcome="([^"]+)"\} (\d+)$/gm)) {
          if (m[1] === 'ok') ok += Number(m[2]);
          else failed += Number(m[2]);
        }
      }
      return { ok, failed };
    };
    // Past the first interval (targets are spread over it), count for SECONDS.
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 5_000));
    const before = await counts();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const after = await counts();
    const seconds = (performance.now() - t0) / 1000;
    for (const s of shards) if ((await scrapedTargets(s.url)).size === 0) throw new Error('a shard scraped nothing');
    const figures = { stored: after.ok - before.ok, seconds, failed: after.failed - before.failed };
    console.log(`\ncollectors: 2 shards × ${TARGETS} targets (cpu + heap every ${formatDuration(INTERVAL_MS)}, ${(4 * TARGETS / (INTERVAL_MS / 1000)).toFixed(0)} profiles/s due): `
      + `${(figures.stored / seconds).toFixed(0)} profiles/s stored over ${seconds.toFixed(0)} s, ${figures.failed} failed scrapes; ${load()}`);
    return figures;
  } finally {
    await replicas.dispose();
    server.close();
  }
}

/** The store part: the same day of profiles into SQLite and the cluster. */
async function compareStores(cluster: { urls: string[]; name: string }, dir: string): Promise<void> {
  const cpu = decodeProfile(readFileSync(join(fixtures, 'hotspots.cpu.1.pb.gz')));
  const heap = decodeProfile(readFileSync(join(fixtures, 'hotspots.heap.pb.gz')));
  const day: { profile: Profile; service: string; t: number }[] = [];
  let seed = 1;
  for (let t = T_END - DAY_MS + STEP_MS / 2; t < T_END; t += STEP_MS) {
    for (let s = 0; s < SERVICES; s++) {
      day.push({ profile: scrapeVariation(cpu, seed++), service: `svc${s}`, t });
      day.push({ profile: scrapeVariation(heap, seed++), service: `svc${s}`, t });
    }
  }
  const rawBytes = day.reduce((n, p) => n + encodeProfile(p.profile).length, 0);
  const sqlitePath = join(dir, 'bench.db');
  const sqlite = openSqliteStore(sqlitePath);
  const sq = await measureStore(sqlite.profiles, day, async () => {
    sqlite.close();
    return statSync(sqlitePath).size;
  });
  const ch = await openClickHouseStore({ urls: cluster.urls, database: 'bench', cluster: cluster.name });
  const ck = await measureStore(ch.profiles, day, () => ch.profiles.sizeBytes());
  await ch.close();
  const row = (name: string, f: (x: StoreFigures) => string) => console.log(`| ${name} | ${f(sq)} | ${f(ck)} |`);
  console.log(`\n${day.length} profiles (${(rawBytes / 1e6).toFixed(1)} MB as .pb.gz); ${load()}`);
  console.log('| | SQLite (one file) | ClickHouse (2 shards, Distributed) |\n|---|---|---|');
  row('ingest, profiles/s', (x) => x.ingestPerSec.toFixed(0));
  for (const k of Object.keys(sq.latency)) row(`${k} (cpu, ${k.endsWith('24h') ? SERVICES * 144 : SERVICES * 6} profiles), ms`, (x) => x.latency[k]!.toFixed(0));
  row('bytes per profile on disk', (x) => (x.bytes / x.profiles).toFixed(0));
}

async function main(): Promise<void> {
  const store = args['skip-store'] || args['register-only'] ? 'store part skipped' : `${SERVICES} services × cpu + heap every 10 min over 24 h`;
  console.log(`bench:clickhouse — ${store}; collectors 2 × ${TARGETS} targets every ${formatDuration(INTERVAL_MS)}${args['register-only'] ? ' (registration only)' : ''}; ${load()}`);
  const cluster = await startClickHouseCluster();
  const dir = tempDir('flamewatch-bench-clickhouse-');
  try {
    if (!args['skip-store'] && !args['register-only']) await compareStores(cluster, dir);
    console.error(`collectors: registering 2 × ${TARGETS} targets…`);
    await measureCollectors(cluster.urls, cluster.name);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
