import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { parseDurationMs } from '../common/duration.js';
import { ConfigInvalid } from '../common/errors.js';
import { AddressPolicy } from './address-policy.js';
import { parseShard } from './shard.js';
import { DEFAULTS } from './defaults.js';

const D = DEFAULTS.server;
/** A ClickHouse database or cluster name (store/clickhouse/sql.ts identifier). */
const IDENTIFIER = '^[A-Za-z_][A-Za-z0-9_]*$';
const positive = (description: string, dflt: number) => Type.Integer({ minimum: 1, default: dflt, description });

/** JSON schema of the server's options; validated once at startup. */
export const ServerOptionsSchema = Type.Object({
  host: Type.String({ minLength: 1, default: D.host, description: 'address to listen on' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, default: D.port, description: 'TCP port; 0 picks a free one' }),
  dbPath: Type.String({ minLength: 1, default: D.dbPath, description: 'SQLite database file; its folder is created' }),
  configFile: Type.Optional(Type.String({ minLength: 1, description: 'YAML file with scrape_configs, read by the collector' })),
  writeToken: Type.Optional(Type.String({ minLength: 1, description: 'bearer token required for writes (targets, ingest)' })),
  readToken: Type.Optional(Type.String({ minLength: 1, description: 'bearer token required for reads' })),
  retentionMs: positive('raw profiles older than this are deleted', D.retentionMs),
  minuteRetentionMs: positive('minute rollups older than this are deleted', D.minuteRetentionMs),
  hourRetentionMs: positive('hour rollups and deploy markers older than this are deleted', D.hourRetentionMs),
  requestTimeoutMs: positive('time a request may take before it is answered 408', D.requestTimeoutMs),
  writeRateLimit: Type.Object({
    max: positive('writes allowed per client per window', D.writeRateLimit.max),
    timeWindowMs: positive('length of the rate-limit window', D.writeRateLimit.timeWindowMs),
  }, { default: {}, additionalProperties: false }),
  seriesLimits: Type.Object({
    maxLabelsPerSeries: positive('labels in one series, service and instance included', D.seriesLimits.maxLabelsPerSeries),
    maxLabelValueLength: positive('characters in one label value', D.seriesLimits.maxLabelValueLength),
    maxSeries: positive('distinct series (label sets) the store holds', D.seriesLimits.maxSeries),
  }, { default: {}, additionalProperties: false }),
  maxDatabaseBytes: Type.Integer({ minimum: 0, default: D.maxDatabaseBytes, description: 'largest database file in bytes (0: the disk is the limit); past it writes answer 507' }),
  limits: Type.Object({
    maxCompressedBytes: Type.Optional(Type.Integer({ minimum: 1 })),
    maxDecompressedBytes: Type.Optional(Type.Integer({ minimum: 1 })),
    maxSamples: Type.Optional(Type.Integer({ minimum: 1 })),
    maxLabelsPerSample: Type.Optional(Type.Integer({ minimum: 1 })),
    maxLabelLength: Type.Optional(Type.Integer({ minimum: 1 })),
    maxStackDepth: Type.Optional(Type.Integer({ minimum: 1 })),
  }, { default: {}, additionalProperties: false, description: 'decoder limit overrides (codec/limits.ts)' }),
  targetAddresses: Type.Object({
    allow: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'CIDR ranges targets may be at (wins over a less specific deny)' }),
    deny: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'CIDR ranges targets may not be at' }),
  }, { default: {}, additionalProperties: false, description: 'address policy of scrapes; link-local and cloud metadata are refused by default' }),
  decodeWorkers: Type.Union([Type.Literal('auto'), Type.Integer({ minimum: 0, maximum: 256 })], {
    default: D.decodeWorkers, description: 'threads decoding profiles: auto (one per core), or a number (0: on the main thread)',
  }),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: D.logLevel }),
  clickhouse: Type.Optional(Type.Object({
    urls: Type.Array(Type.String({ pattern: '^https?://' }), {
      minItems: 1, description: 'HTTP URLs of the ClickHouse servers: one, or every shard of the cluster (tables are created on each)',
    }),
    database: Type.String({ pattern: IDENTIFIER, default: DEFAULTS.clickhouse.database, description: 'database, created when missing' }),
    cluster: Type.Optional(Type.String({ pattern: IDENTIFIER, description: 'cluster of remote_servers: tables are Distributed over its shards' })),
  }, { additionalProperties: false, description: 'store profiles and metadata in ClickHouse instead of SQLite' })),
  shard: Type.Optional(Type.Object({
    index: Type.Integer({ minimum: 0 }),
    count: Type.Integer({ minimum: 1 }),
  }, { additionalProperties: false, description: 'scrape only the targets of shard index of count (config/shard.ts)' })),
  collector: Type.Boolean({ default: true, description: 'run the collector, rollups and retention (false: an API-only replica)' }),
  secretKeyFile: Type.Optional(Type.String({ minLength: 1, description: 'key file sealing targets\' secrets; replicas of one store share it' })),
}, { additionalProperties: false });

/** The server's options, validated and frozen. */
export type ServerOptions = Readonly<Static<typeof ServerOptionsSchema>>;

/** What may be passed in: every field optional, numbers may still be strings (from env or flags). */
export type ServerOptionsInput = { [K in keyof Static<typeof ServerOptionsSchema>]?: unknown };

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: false, strict: false });
const validate = ajv.compile(ServerOptionsSchema);

function describe(error: ErrorObject): [string, string] {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = (error.params as { additionalProperty?: string }).additionalProperty;
  if (missing !== undefined) return [missing, 'is not a known option'];
  return [path || '(root)', error.message ?? 'is invalid'];
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) if (v !== null && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}

/**
 * Validates options once against {@link ServerOptionsSchema} (filling defaults, coercing
 * numeric strings) and freezes them. Undefined fields are dropped first so defaults apply.
 * Throws FW_CONFIG_INVALID naming the option.
 */
export function resolveServerOptions(input: ServerOptionsInput): ServerOptions {
  const candidate: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined && value !== '') candidate[key] = value;
  if (!validate(candidate)) {
    const [name, why] = describe(validate.errors![0]!);
    throw new ConfigInvalid(name, why);
  }
  try {
    new AddressPolicy((candidate as Static<typeof ServerOptionsSchema>).targetAddresses);
  } catch (err) {
    throw new ConfigInvalid('targetAddresses', (err as Error).message);
  }
  const { shard, clickhouse } = candidate as Static<typeof ServerOptionsSchema>;
  if (shard !== undefined && shard.index >= shard.count) throw new ConfigInvalid('shard', `index ${shard.index} must be below the number of shards (${shard.count})`);
  if (shard !== undefined && shard.count > 1 && clickhouse === undefined) {
    throw new ConfigInvalid('shard', 'shards share one store: give --clickhouse (each SQLite file has one writer)');
  }
  return deepFreeze(candidate as Static<typeof ServerOptionsSchema>);
}

/** Environment variables the server reads. */
export const ENV_VARS = Object.freeze({
  db: 'FLAMEWATCH_DB', port: 'FLAMEWATCH_PORT', host: 'FLAMEWATCH_HOST',
  token: 'FLAMEWATCH_TOKEN', readToken: 'FLAMEWATCH_READ_TOKEN', retention: 'FLAMEWATCH_RETENTION',
  minuteRetention: 'FLAMEWATCH_RETENTION_MINUTES', hourRetention: 'FLAMEWATCH_RETENTION_HOURS',
  targetAllow: 'FLAMEWATCH_TARGET_ALLOW', targetDeny: 'FLAMEWATCH_TARGET_DENY',
  writeRateLimit: 'FLAMEWATCH_WRITE_RATE_LIMIT', maxSeries: 'FLAMEWATCH_MAX_SERIES',
  maxLabelsPerSeries: 'FLAMEWATCH_MAX_LABELS_PER_SERIES', maxLabelValueLength: 'FLAMEWATCH_MAX_LABEL_VALUE_LENGTH',
  maxDatabaseBytes: 'FLAMEWATCH_MAX_DB_BYTES', decodeWorkers: 'FLAMEWATCH_DECODE_WORKERS',
  clickhouseUrl: 'FLAMEWATCH_CLICKHOUSE_URL', clickhouseDatabase: 'FLAMEWATCH_CLICKHOUSE_DATABASE',
  clickhouseCluster: 'FLAMEWATCH_CLICKHOUSE_CLUSTER', shard: 'FLAMEWATCH_SHARD', secretKeyFile: 'FLAMEWATCH_SECRET_KEY_FILE',
});

/** A comma-separated list (`10.0.0.0/8,fd00::/8`), or undefined when not given. */
export function listOption(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The address policy's lists from two sources (say flags over environment): each list from the first that gives it. */
export function targetAddressesOption(...sources: { allow?: readonly string[] | undefined; deny?: readonly string[] | undefined }[]): { allow?: readonly string[]; deny?: readonly string[] } | undefined {
  const allow = sources.find((s) => s.allow !== undefined)?.allow;
  const deny = sources.find((s) => s.deny !== undefined)?.deny;
  if (allow === undefined && deny === undefined) return undefined;
  return { ...(allow === undefined ? {} : { allow }), ...(deny === undefined ? {} : { deny }) };
}

/** Reads a duration option such as `7d` or `36h` into milliseconds, naming the option when malformed. */
export function durationOption(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) throw new ConfigInvalid(name, `"${text}" is not a duration such as 36h or 7d`);
  return ms;
}

/**
 * Reads a rate limit such as `6000` (per minute) or `100/1s` (per window) into the
 * `writeRateLimit` option, naming the option when malformed.
 */
export function rateLimitOption(text: string | undefined, name: string): { max: unknown; timeWindowMs: number } | undefined {
  if (text === undefined || text === '') return undefined;
  const m = /^\s*(\d+)\s*(?:\/\s*(\S+))?\s*$/.exec(text);
  const windowMs = m?.[2] === undefined ? D.writeRateLimit.timeWindowMs : parseDurationMs(m[2]);
  if (!m || windowMs === undefined || windowMs <= 0) throw new ConfigInvalid(name, `"${text}" is not a rate such as 6000 (per minute) or 100/1s`);
  return { max: m[1], timeWindowMs: windowMs };
}

/** The series limits given by environment or flags; missing ones fall back to the defaults. */
export function seriesLimitsOption(values: { maxSeries?: string; maxLabelsPerSeries?: string; maxLabelValueLength?: string }): ServerOptionsInput['seriesLimits'] {
  const given = Object.entries(values).filter(([, v]) => v !== undefined && v !== '');
  return given.length === 0 ? undefined : Object.fromEntries(given);
}

/** Options taken from the environment; flags override them. */
export function optionsFromEnv(env: NodeJS.ProcessEnv): ServerOptionsInput {
  return {
    dbPath: env[ENV_VARS.db], port: env[ENV_VARS.port], host: env[ENV_VARS.host],
    writeToken: env[ENV_VARS.token], readToken: env[ENV_VARS.readToken],
    retentionMs: durationOption(env[ENV_VARS.retention], ENV_VARS.retention),
    minuteRetentionMs: durationOption(env[ENV_VARS.minuteRetention], ENV_VARS.minuteRetention),
    hourRetentionMs: durationOption(env[ENV_VARS.hourRetention], ENV_VARS.hourRetention),
    targetAddresses: targetAddressesOption({ allow: listOption(env[ENV_VARS.targetAllow]), deny: listOption(env[ENV_VARS.targetDeny]) }),
    writeRateLimit: rateLimitOption(env[ENV_VARS.writeRateLimit], ENV_VARS.writeRateLimit),
    seriesLimits: seriesLimitsOption({
      maxSeries: env[ENV_VARS.maxSeries], maxLabelsPerSeries: env[ENV_VARS.maxLabelsPerSeries],
      maxLabelValueLength: env[ENV_VARS.maxLabelValueLength],
    }),
    maxDatabaseBytes: env[ENV_VARS.maxDatabaseBytes],
    decodeWorkers: env[ENV_VARS.decodeWorkers],
    clickhouse: clickhouseOption({
      url: env[ENV_VARS.clickhouseUrl], database: env[ENV_VARS.clickhouseDatabase], cluster: env[ENV_VARS.clickhouseCluster],
    }),
    shard: shardOption(env[ENV_VARS.shard], ENV_VARS.shard),
    secretKeyFile: env[ENV_VARS.secretKeyFile],
  };
}

/**
 * The ClickHouse store's option from its parts (`url` a comma-separated list); database and
 * cluster alone are kept too, to merge with a URL from another source.
 */
export function clickhouseOption(values: { url?: string; database?: string; cluster?: string }): ServerOptionsInput['clickhouse'] {
  const out: Record<string, unknown> = {};
  const urls = listOption(values.url);
  if (urls !== undefined && urls.length > 0) out['urls'] = urls;
  if (values.database !== undefined && values.database !== '') out['database'] = values.database;
  if (values.cluster !== undefined && values.cluster !== '') out['cluster'] = values.cluster;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Reads `i/N` into the shard option, naming the option when malformed. */
export function shardOption(text: string | undefined, name: string): { index: number; count: number } | undefined {
  if (text === undefined || text === '') return undefined;
  const shard = parseShard(text);
  if (typeof shard === 'string') throw new ConfigInvalid(name, shard);
  return shard;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges option sources, later ones winning for fields they define (inside object options too). */
export function mergeOptionInputs(...sources: ServerOptionsInput[]): ServerOptionsInput {
  const out: Record<string, unknown> = {};
  for (const s of sources) {
    for (const [k, v] of Object.entries(s)) {
      if (v === undefined) continue;
      const before = out[k];
      out[k] = isPlainObject(before) && isPlainObject(v) ? { ...before, ...v } : v;
    }
  }
  return out as ServerOptionsInput;
}
