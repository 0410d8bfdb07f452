import { TargetInvalid } from '../common/errors.js';
import type { ScrapeProfile, Target, TargetInput } from '../store/metadata-store.js';

/** Where net/http/pprof is mounted unless a target says otherwise. */
export const DEFAULT_PATH_PREFIX = '/debug/pprof';
export const DEFAULT_INTERVAL_MS = 15_000;
export const DEFAULT_PROFILES: readonly ScrapeProfile[] = Object.freeze(['cpu', 'heap']);

/** A target as written by hand: everything but service and url may be left to the defaults. */
export interface TargetSpec {
  service: string;
  url: string;
  pathPrefix?: string;
  labels?: Record<string, string>;
  intervalMs?: number;
  timeoutMs?: number;
  profiles?: ScrapeProfile[];
  cpuSeconds?: number;
  source?: Target['source'];
}

/** The CPU profile length used when none is given: the interval less one second, at least 1 s. */
export function defaultCpuSeconds(intervalMs: number): number {
  return Math.max(1, Math.floor((intervalMs - 1000) / 1000));
}

/**
 * Applies the defaults (path prefix, 15 s interval, timeout = interval, cpu + heap,
 * cpuSeconds = interval − 1 s) and checks the result. Throws FW_TARGET_INVALID naming the field.
 */
export function resolveTargetSpec(spec: TargetSpec): TargetInput {
  const intervalMs = spec.intervalMs ?? DEFAULT_INTERVAL_MS;
  const t: TargetInput = {
    service: spec.service,
    url: spec.url.replace(/\/+$/, ''),
    pathPrefix: (spec.pathPrefix ?? DEFAULT_PATH_PREFIX).replace(/\/+$/, ''),
    labels: { ...(spec.labels ?? {}) },
    intervalMs,
    timeoutMs: spec.timeoutMs ?? intervalMs,
    profiles: [...new Set(spec.profiles ?? DEFAULT_PROFILES)],
    cpuSeconds: spec.cpuSeconds ?? defaultCpuSeconds(intervalMs),
    source: spec.source ?? 'config',
  };
  checkTarget(t);
  return t;
}

/** Throws FW_TARGET_INVALID unless the target can be scheduled. */
export function checkTarget(t: TargetInput): void {
  if (t.service === '') throw new TargetInvalid('service', 'must not be empty');
  let url: URL;
  try {
    url = new URL(t.url);
  } catch {
    throw new TargetInvalid('url', `"${t.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetInvalid('url', 'scheme must be http or https');
  if (t.pathPrefix !== '' && !t.pathPrefix.startsWith('/')) throw new TargetInvalid('pathPrefix', 'must start with /');
  if (!Number.isInteger(t.intervalMs) || t.intervalMs < 1000) throw new TargetInvalid('interval', 'must be at least 1s');
  if (!Number.isInteger(t.timeoutMs) || t.timeoutMs <= 0) throw new TargetInvalid('timeout', 'must be positive');
  if (t.timeoutMs > t.intervalMs) throw new TargetInvalid('timeout', 'must not exceed the interval');
  if (t.profiles.length === 0) throw new TargetInvalid('profiles', 'must name at least one profile');
  if (!Number.isInteger(t.cpuSeconds) || t.cpuSeconds < 1) throw new TargetInvalid('cpuSeconds', 'must be an integer of at least 1');
  if (t.profiles.includes('cpu') && t.cpuSeconds * 1000 >= t.intervalMs) {
    throw new TargetInvalid('cpuSeconds', `a ${t.cpuSeconds}s CPU profile does not fit in the ${t.intervalMs} ms interval`);
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
