import { formatDuration } from '../common/duration.js';
import { TargetInvalid } from '../common/errors.js';
import { labelNameProblem } from '../common/labels.js';
import type { Labels } from '../common/labels.js';
import { DEFAULTS } from './defaults.js';

/**
 * Scrape targets: what a target is, its defaults and the one check every target passes,
 * whether it comes from the API, the scrape config file or the scheduler.
 */

/** Profiles a target can be scraped for. `allocs` is the heap profile read as alloc deltas. */
export const SCRAPE_PROFILES = Object.freeze(['cpu', 'heap', 'goroutine', 'block', 'mutex', 'allocs'] as const);
export type ScrapeProfile = (typeof SCRAPE_PROFILES)[number];

/** A registered scrape target: a Go service serving net/http/pprof. */
export interface Target {
  id: string;
  service: string;
  /** Base URL, e.g. http://10.0.0.5:6060 */
  url: string;
  /** Where the pprof handlers are mounted; default /debug/pprof. */
  pathPrefix: string;
  labels: Labels;
  intervalMs: number;
  timeoutMs: number;
  profiles: ScrapeProfile[];
  /** Length of each CPU profile; it must end before the next one is due. */
  cpuSeconds: number;
  /** Where the target came from: the API (persisted) or a config file (not persisted). */
  source: 'api' | 'config';
}

export type TargetInput = Omit<Target, 'id'>;

/** A target as a person writes it: everything but service and url may be left to the defaults. */
export interface TargetSpec {
  service: string;
  url: string;
  pathPrefix?: string;
  labels?: Record<string, string>;
  intervalMs?: number;
  timeoutMs?: number;
  profiles?: readonly ScrapeProfile[];
  cpuSeconds?: number;
  source?: Target['source'];
}

/** The fields a target check can name, as the API spells them. */
export type TargetField = 'service' | 'url' | 'pathPrefix' | 'labels' | 'interval' | 'timeout' | 'profiles' | 'cpuSeconds';

/** FW_TARGET_INVALID, carrying the field and the reason for callers that name fields their own way. */
export interface TargetInvalidError extends Error {
  code: 'FW_TARGET_INVALID';
  field: TargetField;
  reason: string;
}

function fail(field: TargetField, reason: string): never {
  throw Object.assign(new TargetInvalid(field, reason), { field, reason });
}

/** True for the error of {@link checkTarget}. */
export function isTargetInvalid(err: unknown): err is TargetInvalidError {
  return err instanceof Error && (err as { code?: unknown }).code === 'FW_TARGET_INVALID' && 'field' in err;
}

/** The CPU profile length used when none is given: the interval less one second, at least 1 s. */
export function defaultCpuSeconds(intervalMs: number): number {
  return Math.max(1, Math.floor((intervalMs - 1000) / 1000));
}

/**
 * Applies the defaults (path prefix, 15 s interval, timeout = interval, cpu + heap,
 * cpuSeconds = interval − 1 s) and checks the result. Throws FW_TARGET_INVALID naming the field.
 */
export function resolveTarget(spec: TargetSpec): TargetInput {
  const intervalMs = spec.intervalMs ?? DEFAULTS.target.intervalMs;
  const target: TargetInput = {
    service: spec.service,
    url: spec.url.replace(/\/+$/, ''),
    pathPrefix: (spec.pathPrefix ?? DEFAULTS.target.pathPrefix).replace(/\/+$/, ''),
    labels: { ...(spec.labels ?? {}) },
    intervalMs,
    timeoutMs: spec.timeoutMs ?? intervalMs,
    profiles: [...new Set(spec.profiles ?? DEFAULTS.target.profiles)],
    cpuSeconds: spec.cpuSeconds ?? defaultCpuSeconds(intervalMs),
    source: spec.source ?? 'config',
  };
  checkTarget(target, { cpuSecondsGiven: spec.cpuSeconds !== undefined });
  return target;
}

/**
 * Applies a change to a target. When the interval changes, the timeout and cpuSeconds the
 * change does not set are derived again from it, as for a new target.
 */
export function changeTarget(existing: TargetInput, change: Partial<TargetSpec>): TargetInput {
  const intervalChanged = change.intervalMs !== undefined;
  return resolveTarget({
    service: change.service ?? existing.service,
    url: change.url ?? existing.url,
    pathPrefix: change.pathPrefix ?? existing.pathPrefix,
    labels: change.labels ?? existing.labels,
    intervalMs: change.intervalMs ?? existing.intervalMs,
    timeoutMs: change.timeoutMs ?? (intervalChanged ? undefined : existing.timeoutMs),
    profiles: change.profiles ?? existing.profiles,
    cpuSeconds: change.cpuSeconds ?? (intervalChanged ? undefined : existing.cpuSeconds),
    source: existing.source,
  });
}

/**
 * Throws FW_TARGET_INVALID, naming the field, unless the target can be scheduled. A CPU
 * profile must end before the next one is due (cpuSeconds < interval); when cpuSeconds was
 * derived rather than given, the interval is what must change, so the interval is named.
 */
export function checkTarget(t: TargetInput, how: { cpuSecondsGiven?: boolean } = {}): void {
  if (t.service.trim() === '') fail('service', 'must not be empty');
  let url: URL;
  try {
    url = new URL(t.url);
  } catch {
    fail('url', `"${t.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('url', `scheme must be http or https, got "${url.protocol.slice(0, -1)}"`);
  if (url.hostname === '') fail('url', 'has no host');
  if (url.search !== '' || url.hash !== '') fail('url', 'must not have a query or fragment (use pathPrefix for the path)');
  if (t.pathPrefix !== '' && !t.pathPrefix.startsWith('/')) fail('pathPrefix', 'must start with /');
  for (const name of Object.keys(t.labels)) {
    const problem = labelNameProblem(name);
    if (problem !== undefined) fail('labels', problem);
    if (name === 'service') fail('labels', 'use the "service" field, not a "service" label');
  }
  if (!Number.isInteger(t.intervalMs) || t.intervalMs < 1000) fail('interval', 'must be at least 1s');
  if (!Number.isInteger(t.timeoutMs) || t.timeoutMs <= 0) fail('timeout', 'must be positive');
  if (t.timeoutMs > t.intervalMs) fail('timeout', `must not exceed the interval (${formatDuration(t.timeoutMs)} > ${formatDuration(t.intervalMs)})`);
  if (t.profiles.length === 0) fail('profiles', 'must name at least one profile');
  for (const p of t.profiles) if (!(SCRAPE_PROFILES as readonly string[]).includes(p)) fail('profiles', `"${p}" is not one of ${SCRAPE_PROFILES.join(', ')}`);
  if (!Number.isInteger(t.cpuSeconds) || t.cpuSeconds < 1) fail('cpuSeconds', 'must be an integer of at least 1');
  if (t.profiles.includes('cpu') && t.cpuSeconds * 1000 >= t.intervalMs) {
    fail(how.cpuSecondsGiven === false ? 'interval' : 'cpuSeconds',
      `a ${t.cpuSeconds}s CPU profile does not end before the next one is due every ${formatDuration(t.intervalMs)}`);
  }
}

/** The `instance` label of a target: host:port of its URL. */
export function instanceOf(target: Pick<Target, 'url'>): string {
  try {
    return new URL(target.url).host;
  } catch {
    return target.url;
  }
}
