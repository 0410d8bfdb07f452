import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeProfile } from '../codec/decode.js';
import type { Profile } from '../codec/profile.js';
import { top } from '../query/top.js';
import { stacksOfWindow } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { DEFAULTS } from '../config/defaults.js';
import { cpuMs, median } from './measure.js';

/**
 * Tiered retention: bytes per target per day of each tier (raw profiles, minute rollups, hour
 * rollups) for 10 targets scraped every 10 s for a day, the disk a year of default retention
 * takes per target, and top over 24 h (86,400 profiles, rollups on) and over 30 days (hour
 * rollups).
 */

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const DAY = 86_400_000, HOUR = 3_600_000;
const TARGETS = 10, INTERVAL_MS = 10_000;
const T0 = Date.UTC(2026, 0, 1);

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/** Median wall and CPU time of top over a window, as text. */
function topMs(stores: ReturnType<typeof openSqliteStore>, fromMs: number, toMs: number): string {
  const q = { selector: '{service="api"}', type: 'cpu', fromMs, toMs };
  const runs = Array.from({ length: 5 }, () => {
    const cpu = cpuMs();
    const [, wall] = time(() => top(stacksOfWindow(stores.profiles.window(q), 'function').stacks));
    return [wall, cpuMs() - cpu] as const;
  });
  return `p50 ${median(runs.map((r) => r[0])).toFixed(0)} ms (${median(runs.map((r) => r[1])).toFixed(0)} ms CPU)`;
}

export function benchTiers(dir: string, variants: (file: string, n: number, seed: number) => Uint8Array[]): void {
  const inputs: Profile[] = variants('gobench-regexp.cpu.pb.gz', 50, 900).map((b) => decodeProfile(b));
  const gz = readFileSync(join(fixtures, 'gobench-regexp.cpu.pb.gz')).length;
  const path = join(dir, 'tiers.db');
  let stores = openSqliteStore(path);
  const settled = (): number => {
    stores.close();
    stores = openSqliteStore(path);
    return stores.profiles.sizeBytes();
  };
  const perDay = DAY / INTERVAL_MS;
  const [, ingestMs] = time(() => {
    for (let i = 0; i < perDay; i++) {
      for (let t = 0; t < TARGETS; t++) {
        stores.profiles.ingest({
          profile: inputs[(i * TARGETS + t) % inputs.length]!, labels: { service: 'api', instance: `i${t}` },
          timeMs: T0 + i * INTERVAL_MS + t, intervalMs: INTERVAL_MS,
        });
      }
    }
  });
  const raw = settled();
  stores.profiles.compact(T0 + DAY + HOUR);
  const all = settled();
  const day = { selector: '{service="api"}', fromMs: T0, toMs: T0 + DAY - 1 };
  const dayTop = topMs(stores, day.fromMs, day.toMs);
  // Raw profiles past their retention, then minute rollups past theirs: what each tier takes.
  stores.profiles.retain({ rawMs: T0 + DAY, minuteMs: T0, hourMs: T0 });
  const rollups = settled();
  stores.profiles.retain({ rawMs: T0 + DAY, minuteMs: T0 + DAY, hourMs: T0 });
  const hours = settled();
  const minutes = rollups - hours;
  const perTarget = (bytes: number) => bytes / TARGETS;
  console.log(`tiered retention, ${TARGETS} targets at 10 s for a day (${(TARGETS * perDay).toLocaleString('en')} profiles of a ${(gz / 1024).toFixed(0)} KB .pb.gz, ingested in ${(ingestMs / 1000).toFixed(0)} s; `
    + `database ${(all / 1e6).toFixed(0)} MB with rollups):`);
  console.log(`  per target per day: raw ${(perTarget(raw) / 1e6).toFixed(1)} MB, minute rollups ${(perTarget(minutes) / 1e6).toFixed(2)} MB, hour rollups ${(perTarget(hours) / 1e6).toFixed(3)} MB`);
  const D = DEFAULTS.server;
  const year = (perTarget(raw) * D.retentionMs + perTarget(minutes) * D.minuteRetentionMs + perTarget(hours) * D.hourRetentionMs) / DAY;
  console.log(`  disk per target with the default retention (raw 2 d, minute 14 d, hour 365 d), once a year is stored: ${(year / 1e6).toFixed(0)} MB`);
  console.log(`  top over 24 h (${(TARGETS * perDay).toLocaleString('en')} profiles, rollups on): ${dayTop} (goal < 300 ms)`);
  stores.close();

  // 30 days of hour rollups: each hour rolled up from 4 profiles per target (a rollup holds the
  // union of its profiles' stacks, so what a rollup holds depends little on how many it merged).
  const monthPath = join(dir, 'month.db');
  const month = openSqliteStore(monthPath);
  for (let h = 0; h < 30 * 24; h++) {
    for (let k = 0; k < 4; k++) {
      for (let t = 0; t < TARGETS; t++) {
        month.profiles.ingest({
          profile: inputs[(h * 4 + k + t) % inputs.length]!, labels: { service: 'api', instance: `i${t}` },
          timeMs: T0 + h * HOUR + k * 900_000 + t, intervalMs: 900_000,
        });
      }
    }
  }
  month.profiles.compact(T0 + 31 * DAY);
  month.profiles.retain({ rawMs: T0 + 31 * DAY, minuteMs: T0 + 31 * DAY, hourMs: T0 });
  console.log(`  top over 30 days (${TARGETS * 30 * 24} hour rollups, no raw profile or minute rollup left): ${topMs(month, T0, T0 + 30 * DAY - 1)} (goal < 300 ms)`);
  month.close();
}
