import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile } from '../codec/decode.js';
import { encodeProfile } from '../codec/encode.js';
import type { Profile } from '../codec/profile.js';
import { compileFilters } from '../query/filters.js';
import { top } from '../query/top.js';
import { pushedDown, stacksOfWindow } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { scrapeVariation } from './scrape-variation.js';
import { benchStacks, openAndMeasure } from './store-stacks.js';
import { benchTiers } from './store-tiers.js';

/**
 * Store benchmark: ingest rate (decode included), storage per raw .pb.gz byte, and top latency
 * over 100, 1,000 and 10,000 stored profiles, against `go tool pprof -top` when Go is on PATH;
 * tiered retention (store-tiers.ts) and the stack dictionary at 1,000,000 stacks
 * (store-stacks.ts). Scrapes are variations of the real fixtures: samples dropped and counts
 * scaled at random. `bench:store -- tiers` or `-- stacks` runs only that part.
 */

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const INTERVAL_MS = 10_000;
const T0 = Date.UTC(2026, 0, 1);

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A scrape-like variation of a real profile, encoded. */
function variation(p: Profile, seed: number): Uint8Array {
  return encodeProfile(scrapeVariation(p, seed));
}

/** The profile without sample labels: what the store kept of it before labels were stored. */
function withoutLabels(p: Profile): Profile {
  const none = { offsets: new Uint32Array(p.samples.count + 1), key: new Uint32Array(0), str: new Uint32Array(0), num: new Float64Array(0), numUnit: new Uint32Array(0) };
  return { ...p, samples: { ...p.samples, labels: none } };
}

function variants(file: string, n: number, seed: number): Uint8Array[] {
  const p = decodeProfile(readFileSync(join(fixtures, file)));
  return Array.from({ length: n }, (_, i) => variation(p, seed + i));
}

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

const only = process.argv[2];
if (only === '--open') {
  openAndMeasure(process.argv[3]!);
  process.exit(0);
}
if (only === 'tiers' || only === 'stacks') {
  const part = mkdtempSync(join(tmpdir(), 'flamewatch-bench-'));
  try {
    if (only === 'tiers') benchTiers(part, variants);
    else benchStacks(part, fileURLToPath(import.meta.url));
  } finally {
    rmSync(part, { recursive: true, force: true });
  }
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'flamewatch-bench-'));
try {
  const cpu = variants('gobench-regexp.cpu.pb.gz', 50, 1);
  const rawKb = readFileSync(join(fixtures, 'gobench-regexp.cpu.pb.gz')).length / 1024;
  console.log(`fixture gobench-regexp.cpu.pb.gz: ${rawKb.toFixed(0)} KB gzip'd, ${decodeProfile(cpu[0]!).samples.count} samples`);

  // 1. Ingest rate of one steady service, decode included.
  const rates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const stores = openSqliteStore(join(dir, `ingest-${run}.db`));
    const n = 600;
    const [, ms] = time(() => {
      for (let i = 0; i < n; i++) {
        stores.profiles.ingest({ profile: decodeProfile(cpu[i % cpu.length]!), labels: { service: 'regexp', instance: 'a' }, timeMs: T0 + i * INTERVAL_MS });
      }
    });
    rates.push((n * 1000) / ms);
    stores.close();
  }
  console.log(`ingest: ${median(rates).toFixed(0)} profiles/s (median of ${rates.length} runs of 600; goal >= 500)`);
  const decoded = cpu.map((b) => decodeProfile(b));
  const decodeMs = median(cpu.map((b) => time(() => decodeProfile(b))[1]));
  const storeRates: number[] = [];
  for (let run = 0; run < 3; run++) {
    const stores = openSqliteStore(join(dir, `store-only-${run}.db`));
    const n = 600;
    const [, ms] = time(() => {
      for (let i = 0; i < n; i++) {
        stores.profiles.ingest({ profile: decoded[i % decoded.length]!, labels: { service: 'regexp', instance: 'a' }, timeMs: T0 + i * INTERVAL_MS });
      }
    });
    storeRates.push((n * 1000) / ms);
    stores.close();
  }
  console.log(`  of which decodeProfile: ${decodeMs.toFixed(2)} ms per profile; store alone (pre-decoded): ${median(storeRates).toFixed(0)} profiles/s`);

  // 2. Storage of a steady service, and 3. top latency over 100 / 1,000 / 10,000 profiles.
  const path = join(dir, 'steady.db');
  let stores = openSqliteStore(path);
  /** Closes and reopens the database, so its size has the write-ahead log folded in. */
  const settledSize = (): number => {
    stores.close();
    stores = openSqliteStore(path);
    return stores.profiles.sizeBytes();
  };
  let rawBytes = 0;
  const N = 10_000;
  const [, ingestMs] = time(() => {
    for (let i = 0; i < N; i++) {
      const bytes = cpu[i % cpu.length]!;
      rawBytes += bytes.length;
      stores.profiles.ingest({ profile: decodeProfile(bytes), labels: { service: 'regexp', instance: 'a' }, timeMs: T0 + i * INTERVAL_MS });
    }
  });
  const rawSize = settledSize();
  console.log(`steady service: ${N} profiles in ${(ingestMs / 1000).toFixed(1)} s; database ${(rawSize / 1e6).toFixed(1)} MB = ${((100 * rawSize) / rawBytes).toFixed(2)} % of ${(rawBytes / 1e6).toFixed(1)} MB .pb.gz (goal <= 10 %)`);
  const [compacted, compactMs] = time(() => stores.profiles.compact(T0 + N * INTERVAL_MS + 86_400_000));
  const withRollups = settledSize();
  console.log(`compaction: ${compacted.minutes} minute and ${compacted.hours} hour rollups in ${compactMs.toFixed(0)} ms; database with rollups ${((100 * withRollups) / rawBytes).toFixed(2)} % of .pb.gz`);

  const topMs = (count: number, rollups: boolean): number => {
    stores.profiles.useRollups = rollups;
    const q = { selector: '{service="regexp"}', type: 'cpu', fromMs: T0, toMs: T0 + count * INTERVAL_MS - 1 };
    const runs: number[] = [];
    for (let i = 0; i < (count >= 10_000 ? 5 : 11); i++) runs.push(time(() => top(stacksOfWindow(stores.profiles.window(q), 'function').stacks))[1]);
    return median(runs);
  };
  const results: Record<number, [number, number]> = {};
  for (const count of [100, 1_000, 10_000]) {
    results[count] = [topMs(count, true), topMs(count, false)];
    console.log(`top over ${count} profiles: p50 ${results[count]![0].toFixed(1)} ms with rollups, ${results[count]![1].toFixed(1)} ms raw${count === 10_000 ? ' (goal < 300 ms)' : ''}`);
  }
  stores.close();

  // 4. go tool pprof -top over the same 100 files.
  if (spawnSync('go', ['version']).status === 0) {
    const files: string[] = [];
    for (let i = 0; i < 100; i++) {
      const f = join(dir, `p${i}.pb.gz`);
      writeFileSync(f, cpu[i % cpu.length]!);
      files.push(f);
    }
    const env = { ...process.env, PPROF_TMPDIR: dir };
    const pprofRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      pprofRuns.push(time(() => execFileSync('go', ['tool', 'pprof', '-top', '-symbolize=none', '-nodefraction=0', ...files], { env, stdio: ['ignore', 'ignore', 'ignore'] }))[1]);
    }
    const pprofMs = median(pprofRuns);
    const ours = Math.min(results[100]![0], results[100]![1]);
    console.log(`go tool pprof -top over the same 100 files: ${pprofMs.toFixed(0)} ms; store top ${ours.toFixed(1)} ms = 1/${(pprofMs / ours).toFixed(0)} of it (goal <= 1/20)`);
  } else {
    console.log('go not on PATH: skipped the go tool pprof comparison');
  }

  // A mix of services and types.
  const mixPath = join(dir, 'mix.db');
  const mix = openSqliteStore(mixPath);
  const mixInputs = [
    ...variants('hotspots.cpu.1.pb.gz', 10, 100), ...variants('hotspots-b.cpu.pb.gz', 10, 200),
    ...variants('hotspots.heap.pb.gz', 10, 300), ...variants('gobench-regexp.heap.pb.gz', 10, 400),
  ];
  let mixRaw = 0;
  const [, mixMs] = time(() => {
    for (let i = 0; i < 2_000; i++) {
      const bytes = mixInputs[i % mixInputs.length]!;
      mixRaw += bytes.length;
      mix.profiles.ingest({ profile: decodeProfile(bytes), labels: { service: `svc-${(i % mixInputs.length) / 10 | 0}`, instance: `i${i % 3}` }, timeMs: T0 + i * 1000 });
    }
  });
  mix.close();
  const mixSettled = openSqliteStore(mixPath);
  console.log(`mix of 4 services (cpu + heap), 2,000 profiles: ${(2_000_000 / mixMs).toFixed(0)} profiles/s, database ${((100 * mixSettled.profiles.sizeBytes()) / mixRaw).toFixed(2)} % of .pb.gz`);
  mixSettled.close();

  // 5. A labelled service: CPU (handler and tenant labels), heap (the numeric bytes label) and
  // goroutine profiles of hotspots -labels, varied, scraped every 10 s; stored with their labels,
  // and with the labels taken off (what the store kept before labels were kept).
  const labelledVariants = (file: string, n: number, seed: number) => variants(file, n, seed).map((b) => ({ bytes: b.length, profile: decodeProfile(b) }));
  // Per 10 s: a CPU profile (of workload a or b), a heap profile and a goroutine profile.
  const kinds = [
    [...labelledVariants('hotspots-labels.cpu.pb.gz', 20, 500), ...labelledVariants('hotspots-labels-b.cpu.pb.gz', 20, 600)],
    labelledVariants('hotspots-labels.heap.pb.gz', 20, 700), labelledVariants('hotspots-labels.goroutine.pb.gz', 20, 800),
  ];
  const L = 6_000;
  const labelledRuns = (strip: boolean): { rate: number; bytes: number; rawBytes: number } => {
    const rates: number[] = [];
    let bytes = 0, rawBytes = 0;
    const inputs = kinds.map((list) => list.map((x) => ({ bytes: x.bytes, profile: strip ? withoutLabels(x.profile) : x.profile })));
    for (let run = 0; run < 3; run++) {
      const file = join(dir, `labelled-${strip ? 'stripped' : 'kept'}-${run}.db`);
      let stores = openSqliteStore(file);
      rawBytes = 0;
      const [, ms] = time(() => {
        for (let i = 0; i < L; i++) {
          const step = Math.floor(i / kinds.length), list = inputs[i % kinds.length]!;
          const { profile, bytes: b } = list[step % list.length]!;
          rawBytes += b;
          stores.profiles.ingest({ profile, labels: { service: 'shop', instance: 'a' }, timeMs: T0 + step * INTERVAL_MS, intervalMs: INTERVAL_MS });
        }
      });
      rates.push((L * 1000) / ms);
      stores.close();
      stores = openSqliteStore(file);
      bytes = stores.profiles.sizeBytes();
      stores.close();
    }
    return { rate: median(rates), bytes, rawBytes };
  };
  const kept = labelledRuns(false), stripped = labelledRuns(true);
  console.log(`labelled service, ${L} profiles (cpu, heap, goroutine) at 10 s, pre-decoded: ingest ${kept.rate.toFixed(0)} profiles/s with labels, `
    + `${stripped.rate.toFixed(0)} without (${((100 * (stripped.rate - kept.rate)) / stripped.rate).toFixed(1)} % slower)`);
  console.log(`  database ${(kept.bytes / 1e6).toFixed(2)} MB with labels, ${(stripped.bytes / 1e6).toFixed(2)} MB without: +${((100 * (kept.bytes - stripped.bytes)) / stripped.bytes).toFixed(1)} %; `
    + `${((100 * kept.bytes) / kept.rawBytes).toFixed(2)} % of the ${(kept.rawBytes / 1e6).toFixed(1)} MB of .pb.gz`);
  const shop = openSqliteStore(join(dir, 'labelled-kept-0.db'));
  const q = { selector: '{service="shop"}', type: 'cpu', fromMs: T0, toMs: T0 + 3_600_000 - 1 };
  const checkout = compileFilters({ sampleLabels: '{handler="checkout"}' });
  const labelledTop = (filters?: ReturnType<typeof compileFilters>) => median(Array.from({ length: 11 }, () => time(() => top(stacksOfWindow(shop.profiles.window(pushedDown(q, filters)), 'function', filters).stacks))[1]));
  console.log(`  top over 1 h (360 cpu profiles, raw): ${labelledTop().toFixed(1)} ms; with sampleLabels={handler="checkout"}: ${labelledTop(checkout).toFixed(1)} ms`);
  shop.close();

  benchTiers(dir, variants);
  benchStacks(dir, fileURLToPath(import.meta.url));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
