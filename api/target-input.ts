import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ParameterInvalid } from '../common/errors.js';
import type { ScrapeProfile, Target, TargetHealth, TargetInput } from '../store/metadata-store.js';
import { checkLabelName } from './query-params.js';
import { stringEnum } from './schema-helpers.js';
import { parseDuration } from './time-params.js';

/** Profiles a target can be scraped for. */
export const SCRAPE_PROFILES = ['cpu', 'heap', 'goroutine', 'block', 'mutex', 'allocs'] as const satisfies readonly ScrapeProfile[];

export const DEFAULT_PATH_PREFIX = '/debug/pprof';
export const DEFAULT_INTERVAL_MS = 15_000;
export const DEFAULT_PROFILES: readonly ScrapeProfile[] = Object.freeze(['cpu', 'heap']);

const Duration = Type.Union([Type.String({ minLength: 1 }), Type.Number({ exclusiveMinimum: 0 })], {
  description: 'duration: 500ms, 15s, 1m, 1h, or plain seconds',
});

const TargetFields = {
  service: Type.String({ minLength: 1, maxLength: 200, description: 'service name; becomes the `service` label' }),
  url: Type.String({ minLength: 1, description: 'base URL of the Go service, http(s)://host:port' }),
  pathPrefix: Type.String({ pattern: '^/', description: `where net/http/pprof is mounted; default ${DEFAULT_PATH_PREFIX}` }),
  labels: Type.Record(Type.String(), Type.String(), { description: 'extra labels of every profile scraped' }),
  interval: Duration,
  timeout: Duration,
  profiles: Type.Array(stringEnum(SCRAPE_PROFILES), { minItems: 1, uniqueItems: true, description: 'profiles to scrape; default [cpu, heap]' }),
  cpuSeconds: Type.Integer({ minimum: 1, description: 'length of each CPU profile; default interval − 1s, at least 1' }),
};

/** Body of `POST /api/v1/targets`. */
export const TargetCreateSchema = Type.Object({
  service: TargetFields.service, url: TargetFields.url,
  pathPrefix: Type.Optional(TargetFields.pathPrefix), labels: Type.Optional(TargetFields.labels),
  interval: Type.Optional(TargetFields.interval), timeout: Type.Optional(TargetFields.timeout),
  profiles: Type.Optional(TargetFields.profiles), cpuSeconds: Type.Optional(TargetFields.cpuSeconds),
}, { additionalProperties: false });
export type TargetCreateBody = Static<typeof TargetCreateSchema>;

/** Body of `PATCH /api/v1/targets/:id`: any subset of the fields. */
export const TargetPatchSchema = Type.Partial(TargetCreateSchema, { additionalProperties: false });
export type TargetPatchBody = Static<typeof TargetPatchSchema>;

const HealthSchema = Type.Object({
  state: stringEnum(['up', 'down', 'unknown'] as const),
  lastScrapeAt: Type.Union([Type.Number(), Type.Null()]),
  lastDurationMs: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  consecutiveFailures: Type.Integer(),
});

/** A target as the API returns it. */
export const TargetViewSchema = Type.Object({
  id: Type.String(), service: Type.String(), url: Type.String(), pathPrefix: Type.String(),
  labels: Type.Record(Type.String(), Type.String()), interval: Type.String(), timeout: Type.String(),
  profiles: Type.Array(Type.String()), cpuSeconds: Type.Integer(), source: Type.String(), health: HealthSchema,
});
export type TargetView = Static<typeof TargetViewSchema>;

/** Renders milliseconds as the shortest exact duration string (15s, 1m, 1500ms). */
export function formatDuration(ms: number): string {
  for (const [size, unit] of [[3_600_000, 'h'], [60_000, 'm'], [1000, 's']] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function durationMs(value: string | number, param: string): number {
  return typeof value === 'number' ? Math.round(value * 1000) : parseDuration(value, param);
}

function checkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ParameterInvalid('url', `"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ParameterInvalid('url', `scheme must be http or https, got "${url.protocol.slice(0, -1)}"`);
  if (url.hostname === '') throw new ParameterInvalid('url', 'has no host');
  if (url.search !== '' || url.hash !== '') throw new ParameterInvalid('url', 'must not have a query or fragment (use pathPrefix for the path)');
  return value.replace(/\/+$/, '');
}

function checkLabels(labels: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(labels)) {
    checkLabelName(name, 'labels');
    if (name === 'service') throw new ParameterInvalid('labels', 'use the "service" field, not a "service" label');
  }
  return { ...labels };
}

/** Which fields were given explicitly, so that derived defaults follow the interval. */
interface Explicit { timeout: boolean; cpuSeconds: boolean }

function finish(t: TargetInput, explicit: Explicit): TargetInput {
  if (!explicit.timeout) t.timeoutMs = t.intervalMs;
  if (!explicit.cpuSeconds) t.cpuSeconds = Math.max(1, Math.floor((t.intervalMs - 1000) / 1000));
  if (t.timeoutMs > t.intervalMs) throw new ParameterInvalid('timeout', `must not exceed interval (${formatDuration(t.timeoutMs)} > ${formatDuration(t.intervalMs)})`);
  if (t.profiles.includes('cpu') && t.cpuSeconds * 1000 >= t.timeoutMs) {
    throw new ParameterInvalid(explicit.cpuSeconds ? 'cpuSeconds' : 'interval',
      `a ${t.cpuSeconds}s CPU profile cannot finish within the ${formatDuration(t.timeoutMs)} timeout`);
  }
  return t;
}

/** Applies the defaults to a new target and checks it. */
export function targetFromCreate(body: TargetCreateBody): TargetInput {
  const intervalMs = body.interval === undefined ? DEFAULT_INTERVAL_MS : durationMs(body.interval, 'interval');
  return finish({
    service: body.service, url: checkUrl(body.url), pathPrefix: body.pathPrefix ?? DEFAULT_PATH_PREFIX,
    labels: checkLabels(body.labels ?? {}), intervalMs,
    timeoutMs: body.timeout === undefined ? intervalMs : durationMs(body.timeout, 'timeout'),
    profiles: [...(body.profiles ?? DEFAULT_PROFILES)], cpuSeconds: body.cpuSeconds ?? 0, source: 'api',
  }, { timeout: body.timeout !== undefined, cpuSeconds: body.cpuSeconds !== undefined });
}

/**
 * Applies a patch to a target. When the interval changes, timeout and cpuSeconds not given
 * in the patch are derived again from it, as on creation.
 */
export function targetFromPatch(existing: Target, body: TargetPatchBody): TargetInput {
  const { id: _id, ...current } = existing;
  const next: TargetInput = { ...current, labels: { ...current.labels }, profiles: [...current.profiles] };
  if (body.service !== undefined) next.service = body.service;
  if (body.url !== undefined) next.url = checkUrl(body.url);
  if (body.pathPrefix !== undefined) next.pathPrefix = body.pathPrefix;
  if (body.labels !== undefined) next.labels = checkLabels(body.labels);
  if (body.profiles !== undefined) next.profiles = [...body.profiles];
  if (body.interval !== undefined) next.intervalMs = durationMs(body.interval, 'interval');
  if (body.timeout !== undefined) next.timeoutMs = durationMs(body.timeout, 'timeout');
  if (body.cpuSeconds !== undefined) next.cpuSeconds = body.cpuSeconds;
  const intervalChanged = body.interval !== undefined;
  return finish(next, { timeout: !intervalChanged || body.timeout !== undefined, cpuSeconds: !intervalChanged || body.cpuSeconds !== undefined });
}

/** A target with its health, as the API returns it. */
export function viewTarget(t: Target, health: TargetHealth): TargetView {
  return {
    id: t.id, service: t.service, url: t.url, pathPrefix: t.pathPrefix, labels: { ...t.labels },
    interval: formatDuration(t.intervalMs), timeout: formatDuration(t.timeoutMs), profiles: [...t.profiles],
    cpuSeconds: t.cpuSeconds, source: t.source,
    health: {
      state: health.state, lastScrapeAt: health.lastScrapeAt, lastDurationMs: health.lastDurationMs,
      lastError: health.lastError, consecutiveFailures: health.consecutiveFailures,
    },
  };
}
