// The fuzzer's pipeline: decode → validate → store ingest → top, with its properties. An input
// may be refused only with a catalogued error; an accepted one must encode and decode to the
// same top, and the store must give back that top for it.
import { isDeepStrictEqual } from 'node:util';
import { decodeProfile } from '../../codec/decode.js';
import { encodeProfile } from '../../codec/encode.js';
import { resolveLimits } from '../../codec/limits.js';
import type { Profile } from '../../codec/profile.js';
import { isFlamewatchError } from '../../common/errors.js';
import { stacksFromProfiles } from '../../query/from-profile.js';
import { top } from '../../query/top.js';
import type { TopResult } from '../../query/top.js';
import { stacksOfWindow } from '../../query/window-stacks.js';
import type { SqliteProfileStore } from '../../store/sqlite/sqlite-profile-store.js';
import { fuzzInput } from './fuzz-inputs.js';

/** What a fuzz run found. */
export interface FuzzReport {
  inputs: number;
  accepted: number;
  /** Refusals by catalogued code (decoder and store). */
  refused: Record<string, number>;
  /** Inputs that threw something uncatalogued, or broke a property: [index, what]. */
  failures: [number, string][];
  /** Inputs slower than the cap: [index, ms]. */
  slow: [number, number][];
  maxMs: number;
}

/** Small limits, so bombs and huge inputs are refused quickly. */
export const FUZZ_LIMITS = resolveLimits({ maxCompressedBytes: 4 << 20, maxDecompressedBytes: 16 << 20, maxSamples: 200_000 });

function topOf(profile: Profile, sampleIndex?: string): TopResult {
  return top(stacksFromProfiles([profile], sampleIndex === undefined ? {} : { sampleIndex }));
}

/** Relative closeness of two top results: exact for integers below 2^53, allowing float rounding of huge sums. */
function sameTop(a: TopResult, b: TopResult): boolean {
  if (isDeepStrictEqual(a, b)) return true;
  const close = (x: number, y: number) => x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  return a.rows.length === b.rows.length && close(a.total, b.total)
    && a.rows.every((r, i) => { const s = b.rows[i]!; return r.name === s.name && close(r.flat, s.flat) && close(r.cum, s.cum); });
}

function refusalCode(err: unknown): string | undefined {
  return isFlamewatchError(err) ? err.code : undefined;
}

/**
 * Runs one input through the pipeline; returns undefined when it passed (accepted or refused
 * with a catalogued code, counted in `report`), or what went wrong.
 */
export function checkInput(bytes: Uint8Array, store: SqliteProfileStore, timeMs: number, report: FuzzReport): string | undefined {
  let profile: Profile;
  try {
    profile = decodeProfile(bytes, FUZZ_LIMITS);
  } catch (err) {
    const code = refusalCode(err);
    if (code === undefined) return `decode threw an uncatalogued error: ${err instanceof Error ? err.stack : String(err)}`;
    report.refused[code] = (report.refused[code] ?? 0) + 1;
    return undefined;
  }
  // Property: what the decoder accepts encodes and decodes to the same top.
  let expected: TopResult;
  try {
    expected = topOf(profile);
    const again = decodeProfile(encodeProfile(profile), FUZZ_LIMITS);
    if (!sameTop(topOf(again), expected)) return 'encode → decode changed the top';
  } catch (err) {
    return `an accepted profile failed to analyse or round-trip: ${err instanceof Error ? err.stack : String(err)}`;
  }
  // Store ingest → top of that instant, for each API type the stored profile answers.
  try {
    const { types } = store.ingest({ profile, labels: { service: 'fuzz' }, timeMs });
    const known = new Map(store.profileTypes().map((t) => [t.name, t]));
    for (const type of types) {
      const stored = top(stacksOfWindow(store.window({ selector: '{service="fuzz"}', type, fromMs: timeMs, toMs: timeMs, agg: 'sum' })).stacks);
      const want = topOf(profile, known.get(type)!.sampleType);
      if (!sameTop(stored, want)) return `the store's top of ${type} differs from the profile's`;
    }
  } catch (err) {
    const code = refusalCode(err);
    if (code === undefined) return `store or query threw an uncatalogued error: ${err instanceof Error ? err.stack : String(err)}`;
    report.refused[code] = (report.refused[code] ?? 0) + 1;
    return undefined;
  }
  report.accepted++;
  return undefined;
}

/** Options of {@link fuzz}. */
export interface FuzzOptions {
  seed: number;
  inputs: number;
  /** Inputs slower than this are reported as hangs. */
  capMs: number;
  corpus: readonly Uint8Array[];
  /** A fresh store; called again every `storeEvery` accepted inputs so the store stays small. */
  openStore: () => SqliteProfileStore;
  storeEvery?: number;
  /** Told before each input (a watchdog's heartbeat). */
  onInput?: (index: number) => void;
}

/** Runs `inputs` inputs from index 0; deterministic for a seed. */
export function fuzz(options: FuzzOptions): FuzzReport {
  const report: FuzzReport = { inputs: 0, accepted: 0, refused: {}, failures: [], slow: [], maxMs: 0 };
  let store = options.openStore();
  let sinceOpen = 0;
  try {
    for (let i = 0; i < options.inputs; i++) {
      options.onInput?.(i);
      const bytes = fuzzInput(options.seed, i, options.corpus);
      const accepted = report.accepted;
      const t0 = performance.now();
      const problem = checkInput(bytes, store, 1_700_000_000_000 + i, report);
      const ms = performance.now() - t0;
      report.inputs++;
      report.maxMs = Math.max(report.maxMs, ms);
      if (ms > options.capMs) report.slow.push([i, Math.round(ms)]);
      if (problem !== undefined) report.failures.push([i, problem]);
      if (report.accepted > accepted && ++sinceOpen >= (options.storeEvery ?? 2000)) {
        store.close();
        store = options.openStore();
        sinceOpen = 0;
      }
    }
  } finally {
    store.close();
  }
  return report;
}
