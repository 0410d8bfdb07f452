import { readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile } from '../codec/decode.js';
import { encodeProfile } from '../codec/encode.js';
import type { Profile } from '../codec/profile.js';
import { flameGraph } from '../query/flame.js';
import { top } from '../query/top.js';
import { stacksOfWindow } from '../query/window-stacks.js';
import type { ProfileStore } from '../store/profile-store.js';
import { openClickHouseStore } from '../store/clickhouse/open-clickhouse-store.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { startClickHouseCluster } from '../test/support/clickhouse-cluster.js';
import { replicasOf, scrapedTargets } from '../test/support/replicas.js';
import { tempDir } from '../test/support/temp-store.js';
import { median } from './measure.js';
import { scrapeVariation } from './scrape-variation.js';

/**
 * ClickHouse benchmark, side by side with SQLite on the same data:
 *
 * 1. Store: the same real-size profiles (variations of the CPU and heap fixtures Go wrote) for
 *    BENCH_SERVICES services every 10 minutes over 24 hours, ingested into a 2-shard ClickHouse
 *    cluster (Distributed tables) and into a SQLite file: ingest rate, top and flame graph
 *    latency over 1 h and 24 h windows (medians), bytes per profile on disk.
 * 2. Collectors: 2 `serve --shard i/2` processes scraping BENCH_TARGETS targets each (a
 *    loopback endpoint serving the same fixtures, a target per service) into the cluster for
 *    BENCH_SECONDS: profiles stored per second, scrapes that failed.
 */

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const SERVICES = Number(process.env['BENCH_SERVICES'] ?? 50);
const TARGETS = Number(process.env['BENCH_TARGETS'] ?? 1000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
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

/** Collectors: 2 shards scraping TARGETS each from one loopback endpoint serving the fixtures. */
async function measureCollectors(urls: string[], cluster: string): Promise<{ stored: number; seconds: number; failed: number }> {
  const cpu = readFileSync(join(fixtures, 'hotspots.cpu.1.pb.gz')), heap = readFileSync(join(fixtures, 'hotspots.heap.pb.gz'));
  const server = createServer((req, res) => res.end((req.url ?? '').includes('/profile') ? cpu : heap));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const replicas = replicasOf(urls, cluster);
  try {
    const shards = [await replicas.add(['--shard', '0/2', '--write-rate-limit', '100000']), await replicas.add(['--shard', '1/2', '--write-rate-limit', '100000'])];
    for (let i = 0; i < 2 * TARGETS; i++) {
      const res = await fetch(`${shards[i % 2]!.url}/api/v1/targets`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: `svc${i}`, url, interval: '15s', profiles: ['cpu', 'heap'], cpuSeconds: 1 }),
      });
      if (res.status !== 201) throw new Error(`target ${i}: ${res.status} ${await res.text()}`);
    }
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
    await new Promise((r) => setTimeout(r, 20_000));
    const before = await counts();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const after = await counts();
    const seconds = (performance.now() - t0) / 1000;
    for (const s of shards) if ((await scrapedTargets(s.url)).size === 0) throw new Error('a shard scraped nothing');
    const figures = { stored: after.ok - before.ok, seconds, failed: after.failed - before.failed };
    console.log(`\ncollectors: 2 shards × ${TARGETS} targets (cpu + heap every 15 s, ${(4 * TARGETS / 15).toFixed(0)} profiles/s due): `
      + `${(figures.stored / seconds).toFixed(0)} profiles/s stored over ${seconds.toFixed(0)} s, ${figures.failed} failed scrapes; ${load()}`);
    return figures;
  } finally {
    await replicas.dispose();
    server.close();
  }
}

async function main(): Promise<void> {
  console.log(`bench:clickhouse — ${SERVICES} services × cpu + heap every 10 min over 24 h; collectors 2 × ${TARGETS} targets; ${load()}`);
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
  const cluster = await startClickHouseCluster();
  const dir = tempDir('flamewatch-bench-clickhouse-');
  try {
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
