import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import type { TargetHealth } from '../collector/target-health.js';
import { formatDuration } from '../common/duration.js';
import { DEFAULTS } from '../config/defaults.js';
import { changeTarget, redactSecrets, resolveTarget, SCRAPE_PROFILES, SECRET_PLACEHOLDER } from '../config/target.js';
import type { Target, TargetInput, TargetSpec } from '../config/target.js';
import { stringEnum } from './schema-helpers.js';
import { parseDuration } from '../query/time-window.js';

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
  params: Type.Record(Type.String({ minLength: 1 }), Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })]), {
    description: 'extra query parameters of every scrape',
  }),
  basicAuth: Type.Object({
    username: Type.String(),
    password: Type.Optional(Type.String({ description: `stored sealed, shown as ${SECRET_PLACEHOLDER}; sending ${SECRET_PLACEHOLDER} back keeps the stored one` })),
  }, { additionalProperties: false, description: 'HTTP basic auth of the scrapes (password files only in the config file)' }),
  authorization: Type.Object({
    type: Type.Optional(Type.String({ minLength: 1, description: 'default Bearer' })),
    credentials: Type.String({ description: `stored sealed, shown as ${SECRET_PLACEHOLDER}` }),
  }, { additionalProperties: false, description: 'Authorization header of the scrapes' }),
  tls: Type.Object({
    caFile: Type.Optional(Type.String({ minLength: 1 })),
    certFile: Type.Optional(Type.String({ minLength: 1 })),
    keyFile: Type.Optional(Type.String({ minLength: 1 })),
    serverName: Type.Optional(Type.String({ minLength: 1 })),
    insecureSkipVerify: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false, description: 'TLS of https scrapes: CA, client certificate and key files on the server, server name' }),
};

/** Auth and TLS may be removed by a PATCH with null. */
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Body of `POST /api/v1/targets`. */
export const TargetCreateSchema = Type.Object({
  service: TargetFields.service, url: TargetFields.url,
  pathPrefix: Type.Optional(TargetFields.pathPrefix), labels: Type.Optional(TargetFields.labels),
  interval: Type.Optional(TargetFields.interval), timeout: Type.Optional(TargetFields.timeout),
  profiles: Type.Optional(TargetFields.profiles), cpuSeconds: Type.Optional(TargetFields.cpuSeconds),
  params: Type.Optional(TargetFields.params), basicAuth: Type.Optional(TargetFields.basicAuth),
  authorization: Type.Optional(TargetFields.authorization), tls: Type.Optional(TargetFields.tls),
}, { additionalProperties: false });
export type TargetCreateBody = Static<typeof TargetCreateSchema>;

/** Body of `PATCH /api/v1/targets/:id`: any subset of the fields; null removes params, auth or TLS. */
export const TargetPatchSchema = Type.Object({
  service: Type.Optional(TargetFields.service), url: Type.Optional(TargetFields.url),
  pathPrefix: Type.Optional(TargetFields.pathPrefix), labels: Type.Optional(TargetFields.labels),
  interval: Type.Optional(TargetFields.interval), timeout: Type.Optional(TargetFields.timeout),
  profiles: Type.Optional(TargetFields.profiles), cpuSeconds: Type.Optional(TargetFields.cpuSeconds),
  params: Type.Optional(nullable(TargetFields.params)), basicAuth: Type.Optional(nullable(TargetFields.basicAuth)),
  authorization: Type.Optional(nullable(TargetFields.authorization)), tls: Type.Optional(nullable(TargetFields.tls)),
}, { additionalProperties: false });
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
  params: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  basicAuth: Type.Optional(Type.Object({ username: Type.String(), password: Type.Optional(Type.String()), passwordFile: Type.Optional(Type.String()) })),
  authorization: Type.Optional(Type.Object({ type: Type.String(), credentials: Type.Optional(Type.String()), credentialsFile: Type.Optional(Type.String()) })),
  tls: Type.Optional(Type.Object({
    caFile: Type.Optional(Type.String()), certFile: Type.Optional(Type.String()), keyFile: Type.Optional(Type.String()),
    serverName: Type.Optional(Type.String()), insecureSkipVerify: Type.Optional(Type.Boolean()),
  })),
  bodySizeLimit: Type.Optional(Type.Integer()),
  job: Type.Optional(Type.String({ description: 'the scrape config (job_name) of a config-file or discovered target' })),
  discoveredLabels: Type.Optional(Type.Record(Type.String(), Type.String(), {
    description: 'labels before relabeling: __address__, __scheme__, __meta_* …',
  })),
});
export type TargetView = Static<typeof TargetViewSchema>;

function durationMs(value: string | number | undefined, param: string): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? Math.round(value * 1000) : parseDuration(value, param);
}

/** The fields of a body as a target spec: durations in ms, the rest as given; null as undefined (removed). */
function specOf(body: TargetPatchBody, existing?: Target): Partial<TargetSpec> {
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
  if (body.params !== undefined) {
    spec.params = body.params === null ? undefined
      : Object.fromEntries(Object.entries(body.params).map(([k, v]) => [k, typeof v === 'string' ? [v] : v]));
  }
  if (body.basicAuth !== undefined) {
    const b = body.basicAuth;
    spec.basicAuth = b === null ? undefined
      : { username: b.username, password: b.password === SECRET_PLACEHOLDER ? existing?.basicAuth?.password ?? '' : b.password ?? '' };
  }
  if (body.authorization !== undefined) {
    const a = body.authorization;
    spec.authorization = a === null ? undefined : {
      type: a.type ?? 'Bearer',
      credentials: a.credentials === SECRET_PLACEHOLDER ? existing?.authorization?.credentials ?? '' : a.credentials,
    };
  }
  if (body.tls !== undefined) spec.tls = body.tls === null ? undefined : { ...body.tls };
  return spec;
}

/** A new target from a POST body: defaults applied, checked (FW_TARGET_INVALID naming the field). */
export function targetFromCreate(body: TargetCreateBody): TargetInput {
  return resolveTarget({ ...specOf(body), service: body.service, url: body.url, source: 'api' });
}

/** A target changed by a PATCH body, checked like a new one. */
export function targetFromPatch(existing: Target, body: TargetPatchBody): TargetInput {
  return changeTarget(existing, specOf(body, existing));
}

/** A target with its health, as the API returns it: secrets as `<secret>`. */
export function viewTarget(target: Target, health: TargetHealth): TargetView {
  const t = redactSecrets(target);
  return {
    ...(t.params === undefined ? {} : { params: Object.fromEntries(Object.entries(t.params).map(([k, v]) => [k, [...v]])) }),
    ...(t.basicAuth === undefined ? {} : { basicAuth: { ...t.basicAuth } }),
    ...(t.authorization === undefined ? {} : { authorization: { ...t.authorization } }),
    ...(t.tls === undefined ? {} : { tls: { ...t.tls } }),
    ...(t.bodySizeLimit === undefined ? {} : { bodySizeLimit: t.bodySizeLimit }),
    ...(t.job === undefined ? {} : { job: t.job }),
    ...(t.discoveredLabels === undefined ? {} : { discoveredLabels: { ...t.discoveredLabels } }),
    id: t.id, service: t.service, url: t.url, pathPrefix: t.pathPrefix, labels: { ...t.labels },
    interval: formatDuration(t.intervalMs), timeout: formatDuration(t.timeoutMs), profiles: [...t.profiles],
    cpuSeconds: t.cpuSeconds, source: t.source,
    health: {
      state: health.state, lastScrapeAt: health.lastScrapeAt, lastDurationMs: health.lastDurationMs,
      lastError: health.lastError, consecutiveFailures: health.consecutiveFailures, profiles: health.profiles,
    },
  };
}
