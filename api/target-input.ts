import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { TargetHealth } from '../collector/target-health.js';
import { formatDuration } from '../common/duration.js';
import { DEFAULTS } from '../config/defaults.js';
import { changeTarget, resolveTarget, SCRAPE_PROFILES } from '../config/target.js';
import type { Target, TargetInput, TargetSpec } from '../config/target.js';
import { stringEnum } from './schema-helpers.js';
import { parseDuration } from './time-params.js';

const Duration = Type.Union([Type.String({ minLength: 1 }), Type.Number({ exclusiveMinimum: 0 })], {
  description: 'duration: 500ms, 15s, 1m, 1h, or plain seconds',
});

const TargetFields = {
  service: Type.String({ minLength: 1, maxLength: 200, description: 'service name; becomes the `service` label' }),
  url: Type.String({ minLength: 1, description: 'base URL of the Go service, http(s)://host:port' }),
  pathPrefix: Type.String({ pattern: '^/', description: `where net/http/pprof is mounted; default ${DEFAULTS.target.pathPrefix}` }),
  labels: Type.Record(Type.String(), Type.String(), { description: 'extra labels of every profile scraped' }),
  interval: Duration,
  timeout: Duration,
  profiles: Type.Array(stringEnum(SCRAPE_PROFILES), {
    minItems: 1, uniqueItems: true, description: `profiles to scrape; default [${DEFAULTS.target.profiles.join(', ')}]`,
  }),
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
  state: stringEnum(['up', 'degraded', 'down', 'unknown'] as const, {
    description: 'up: the last scrape of every profile succeeded; down: of none; degraded: some failed (see lastError and profiles)',
  }),
  lastScrapeAt: Type.Union([Type.Number(), Type.Null()]),
  lastDurationMs: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'a failing profile and its error, e.g. "cpu: GET … answered status 500: …"' }),
  consecutiveFailures: Type.Integer(),
  profiles: Type.Record(Type.String(), Type.Object({
    ok: Type.Boolean(), lastScrapeAt: Type.Number(), lastDurationMs: Type.Number(),
    lastError: Type.Union([Type.String(), Type.Null()]), consecutiveFailures: Type.Integer(),
  }), { description: 'the last outcome of each scraped profile' }),
});

/** A target as the API returns it. */
export const TargetViewSchema = Type.Object({
  id: Type.String(), service: Type.String(), url: Type.String(), pathPrefix: Type.String(),
  labels: Type.Record(Type.String(), Type.String()), interval: Type.String(), timeout: Type.String(),
  profiles: Type.Array(Type.String()), cpuSeconds: Type.Integer(), source: Type.String(), health: HealthSchema,
});
export type TargetView = Static<typeof TargetViewSchema>;

function durationMs(value: string | number | undefined, param: string): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? Math.round(value * 1000) : parseDuration(value, param);
}

/** The fields of a body as a target spec: durations in ms, the rest as given. */
function specOf(body: TargetPatchBody): Partial<TargetSpec> {
  const spec: Partial<TargetSpec> = {};
  if (body.service !== undefined) spec.service = body.service;
  if (body.url !== undefined) spec.url = body.url;
  if (body.pathPrefix !== undefined) spec.pathPrefix = body.pathPrefix;
  if (body.labels !== undefined) spec.labels = body.labels;
  if (body.profiles !== undefined) spec.profiles = body.profiles;
  if (body.cpuSeconds !== undefined) spec.cpuSeconds = body.cpuSeconds;
  const intervalMs = durationMs(body.interval, 'interval'), timeoutMs = durationMs(body.timeout, 'timeout');
  if (intervalMs !== undefined) spec.intervalMs = intervalMs;
  if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
  return spec;
}

/** A new target from a POST body: defaults applied, checked (FW_TARGET_INVALID naming the field). */
export function targetFromCreate(body: TargetCreateBody): TargetInput {
  return resolveTarget({ ...specOf(body), service: body.service, url: body.url, source: 'api' });
}

/** A target changed by a PATCH body, checked like a new one. */
export function targetFromPatch(existing: Target, body: TargetPatchBody): TargetInput {
  return changeTarget(existing, specOf(body));
}

/** A target with its health, as the API returns it. */
export function viewTarget(t: Target, health: TargetHealth): TargetView {
  return {
    id: t.id, service: t.service, url: t.url, pathPrefix: t.pathPrefix, labels: { ...t.labels },
    interval: formatDuration(t.intervalMs), timeout: formatDuration(t.timeoutMs), profiles: [...t.profiles],
    cpuSeconds: t.cpuSeconds, source: t.source,
    health: {
      state: health.state, lastScrapeAt: health.lastScrapeAt, lastDurationMs: health.lastDurationMs,
      lastError: health.lastError, consecutiveFailures: health.consecutiveFailures, profiles: health.profiles,
    },
  };
}
