import { readFile } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { parseDocument } from 'yaml';
import { DURATION_PATTERN, parseDurationMs } from '../common/duration.js';
import { ConfigFileUnreadable, ScrapeConfigInvalid } from '../common/errors.js';
import { LABEL_NAME_PATTERN } from '../common/labels.js';
import { AddressPolicy } from './address-policy.js';
import type { AddressPolicyInput } from './address-policy.js';
import { DEFAULTS } from './defaults.js';
import { compileRelabelRule, RELABEL_ACTIONS } from './relabel.js';
import type { RelabelAction } from './relabel.js';
import { DNS_RECORD_TYPES, targetsOfGroups } from './scrape-job.js';
import type { DnsRecordType, ScrapeJob } from './scrape-job.js';
import type { TargetGroup } from './target-groups.js';
import { isTargetInvalid, SCRAPE_PROFILES } from './target.js';
import type { ScrapeProfile, ScrapeSettings, Target, TargetField } from './target.js';

const Duration = Type.String({ pattern: DURATION_PATTERN });
const LabelMap = Type.Record(Type.String({ pattern: LABEL_NAME_PATTERN }), Type.String());
/** A size as Prometheus writes it: bytes, or KB/MB/GB/TB (base 2, as Prometheus reads them), KiB/MiB/GiB/TiB. */
export const SIZE_PATTERN = '^[0-9]+(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$';
const Size = Type.String({ pattern: SIZE_PATTERN });
const Path = Type.String({ minLength: 1 });

const StaticConfigSchema = Type.Object({
  targets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  labels: Type.Optional(LabelMap),
}, { additionalProperties: false });

const BasicAuthSchema = Type.Object({
  username: Type.Optional(Type.String()),
  password: Type.Optional(Type.String()),
  password_file: Type.Optional(Path),
}, { additionalProperties: false });

const AuthorizationSchema = Type.Object({
  type: Type.Optional(Type.String({ minLength: 1 })),
  credentials: Type.Optional(Type.String()),
  credentials_file: Type.Optional(Path),
}, { additionalProperties: false });

const TlsConfigSchema = Type.Object({
  ca_file: Type.Optional(Path),
  cert_file: Type.Optional(Path),
  key_file: Type.Optional(Path),
  server_name: Type.Optional(Type.String({ minLength: 1 })),
  insecure_skip_verify: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

/** The HTTP client settings shared by scrape configs and http_sd_configs, as Prometheus names them. */
const HttpClientFields = {
  basic_auth: Type.Optional(BasicAuthSchema),
  authorization: Type.Optional(AuthorizationSchema),
  bearer_token: Type.Optional(Type.String()),
  bearer_token_file: Type.Optional(Path),
  tls_config: Type.Optional(TlsConfigSchema),
  /** Accepted for compatibility; redirects are never followed. */
  follow_redirects: Type.Optional(Type.Boolean()),
};

const RelabelConfigSchema = Type.Object({
  source_labels: Type.Optional(Type.Array(Type.String({ pattern: LABEL_NAME_PATTERN }))),
  separator: Type.Optional(Type.String()),
  target_label: Type.Optional(Type.String()),
  regex: Type.Optional(Type.String()),
  modulus: Type.Optional(Type.Integer({ minimum: 0 })),
  replacement: Type.Optional(Type.String()),
  action: Type.Optional(Type.Unsafe<RelabelAction>({ type: 'string', enum: [...RELABEL_ACTIONS] })),
}, { additionalProperties: false });

const FileSdSchema = Type.Object({
  files: Type.Array(Type.String({ pattern: '\\.(json|ya?ml)$' }), { minItems: 1 }),
  refresh_interval: Type.Optional(Duration),
}, { additionalProperties: false });

const HttpSdSchema = Type.Object({
  url: Type.String({ pattern: '^https?://' }),
  refresh_interval: Type.Optional(Duration),
  ...HttpClientFields,
}, { additionalProperties: false });

const DnsSdSchema = Type.Object({
  names: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  type: Type.Optional(Type.Unsafe<DnsRecordType>({ type: 'string', enum: [...DNS_RECORD_TYPES] })),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  refresh_interval: Type.Optional(Duration),
  nameservers: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
}, { additionalProperties: false });

const ScrapeConfigSchema = Type.Object({
  job_name: Type.Optional(Type.String({ minLength: 1 })),
  service: Type.Optional(Type.String({ minLength: 1 })),
  scheme: Type.Optional(Type.Unsafe<'http' | 'https'>({ type: 'string', enum: ['http', 'https'] })),
  scrape_interval: Type.Optional(Duration),
  scrape_timeout: Type.Optional(Duration),
  path_prefix: Type.Optional(Type.String({ pattern: '^/' })),
  profiles: Type.Optional(Type.Array(Type.Unsafe<ScrapeProfile>({ type: 'string', enum: [...SCRAPE_PROFILES] }), { minItems: 1, uniqueItems: true })),
  cpu_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
  params: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 }))),
  ...HttpClientFields,
  body_size_limit: Type.Optional(Size),
  target_limit: Type.Optional(Type.Integer({ minimum: 0 })),
  relabel_configs: Type.Optional(Type.Array(RelabelConfigSchema)),
  static_configs: Type.Optional(Type.Array(StaticConfigSchema)),
  file_sd_configs: Type.Optional(Type.Array(FileSdSchema)),
  http_sd_configs: Type.Optional(Type.Array(HttpSdSchema)),
  dns_sd_configs: Type.Optional(Type.Array(DnsSdSchema)),
}, { additionalProperties: false });

const CidrList = Type.Array(Type.String({ minLength: 1 }));

/** JSON schema of the collector's YAML file. */
export const ConfigFileSchema = Type.Object({
  global: Type.Optional(Type.Object({
    scrape_interval: Type.Optional(Duration),
    scrape_timeout: Type.Optional(Duration),
  }, { additionalProperties: false })),
  storage: Type.Optional(Type.Object({
    path: Type.Optional(Type.String({ minLength: 1 })),
    retention: Type.Optional(Duration),
    retention_minutes: Type.Optional(Duration),
    retention_hours: Type.Optional(Duration),
    clickhouse: Type.Optional(Type.Object({
      url: Type.String({ minLength: 1 }),
      database: Type.Optional(Type.String({ minLength: 1 })),
      cluster: Type.Optional(Type.String({ minLength: 1 })),
    }, { additionalProperties: false })),
    secret_key_file: Type.Optional(Type.String({ minLength: 1 })),
  }, { additionalProperties: false })),
  target_addresses: Type.Optional(Type.Object({
    allow: Type.Optional(CidrList),
    deny: Type.Optional(CidrList),
  }, { additionalProperties: false })),
  scrape_configs: Type.Optional(Type.Array(ScrapeConfigSchema)),
}, { additionalProperties: false });

export type ConfigFileDocument = Static<typeof ConfigFileSchema>;
type ScrapeConfigDocument = Static<typeof ScrapeConfigSchema>;
type HttpClientDocument = Pick<ScrapeConfigDocument, keyof typeof HttpClientFields>;

/** The file, checked and resolved: its static targets, its jobs (for discovery) and storage. */
export interface CollectorConfig {
  /** The targets of `static_configs`, relabeled. */
  targets: Target[];
  /** Every scrape config, for the collector to run its discovery. */
  jobs: ScrapeJob[];
  storage: { path?: string; retentionMs?: number; minuteRetentionMs?: number; hourRetentionMs?: number; clickhouse?: { url: string; database?: string; cluster?: string }; secretKeyFile?: string };
  /** The `target_addresses` section: allow and deny CIDR lists. */
  targetAddresses?: AddressPolicyInput;
}

const validate = new Ajv({ allErrors: false, strict: false }).compile(ConfigFileSchema);

function fieldName(path: string): string {
  return path.split('/').filter(Boolean).map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(document)';
}

function describe(error: ErrorObject): [string, string] {
  const params = error.params as { additionalProperty?: string; pattern?: string; allowedValues?: unknown[] };
  const field = fieldName(error.instancePath);
  if (params.additionalProperty !== undefined) {
    return [field === '(document)' ? params.additionalProperty : `${field}.${params.additionalProperty}`, 'is not a known field'];
  }
  if (params.pattern === DURATION_PATTERN) return [field, 'must be a duration such as 500ms, 15s, 1m or 7d'];
  if (params.pattern === SIZE_PATTERN) return [field, 'must be a size such as 512KiB, 10MB or 1GiB'];
  if (params.allowedValues) return [field, `must be one of ${params.allowedValues.join(', ')}`];
  return [field, error.message ?? 'is invalid'];
}

const SIZE_UNITS: Readonly<Record<string, number>> = Object.freeze({
  B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4,
});

/** Bytes of a size such as `10MB` (base 2, as Prometheus reads it) or `512KiB`. */
export function parseSize(text: string): number {
  const m = /^([0-9]+)([A-Za-z]*)$/.exec(text)!;
  return Number(m[1]) * (SIZE_UNITS[m[2] || 'B'] ?? 1);
}

/**
 * Parses and checks the YAML text of a collector config. Throws FW_SCRAPE_CONFIG_INVALID
 * naming the file and the field, e.g. `field scrape_configs[0].scrape_interval must be a duration`.
 * Relative file names in it (password_file, ca_file, file_sd files, …) are relative to the file's folder.
 */
export function parseConfigText(text: string, name = 'config'): CollectorConfig {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new ScrapeConfigInvalid(name, '(document)', `is not valid YAML: ${doc.errors[0]!.message}`);
  const data: unknown = doc.toJS() ?? {};
  if (!validate(data)) {
    const [field, why] = describe(validate.errors![0]!);
    throw new ScrapeConfigInvalid(name, field, why);
  }
  return resolve(data as ConfigFileDocument, name);
}

type Fail = (field: string, why: string) => never;

/** Auth and TLS of an HTTP client block, files resolved against the config's folder. */
function httpSettings(d: HttpClientDocument, at: string, dir: string, fail: Fail): Pick<ScrapeSettings, 'basicAuth' | 'authorization' | 'tls'> {
  const file = (p: string | undefined): string | undefined => (p === undefined ? undefined : resolvePath(dir, p));
  const out: Pick<ScrapeSettings, 'basicAuth' | 'authorization' | 'tls'> = {};
  const bearer = d.bearer_token !== undefined || d.bearer_token_file !== undefined;
  if (bearer && d.authorization !== undefined) fail(`${at}.bearer_token`, 'cannot be set with authorization');
  if (d.basic_auth !== undefined) {
    out.basicAuth = { username: d.basic_auth.username ?? '' };
    if (d.basic_auth.password !== undefined) out.basicAuth.password = d.basic_auth.password;
    if (d.basic_auth.password_file !== undefined) out.basicAuth.passwordFile = file(d.basic_auth.password_file)!;
  }
  const auth = d.authorization ?? (bearer ? { type: 'Bearer', credentials: d.bearer_token, credentials_file: d.bearer_token_file } : undefined);
  if (auth !== undefined) {
    out.authorization = { type: auth.type ?? 'Bearer' };
    if (auth.credentials !== undefined) out.authorization.credentials = auth.credentials;
    if (auth.credentials_file !== undefined) out.authorization.credentialsFile = file(auth.credentials_file)!;
  }
  if (d.tls_config !== undefined) {
    const t = d.tls_config;
    out.tls = {};
    if (t.ca_file !== undefined) out.tls.caFile = file(t.ca_file)!;
    if (t.cert_file !== undefined) out.tls.certFile = file(t.cert_file)!;
    if (t.key_file !== undefined) out.tls.keyFile = file(t.key_file)!;
    if (t.server_name !== undefined) out.tls.serverName = t.server_name;
    if (t.insecure_skip_verify !== undefined) out.tls.insecureSkipVerify = t.insecure_skip_verify;
  }
  return out;
}

/** The YAML field a target check names, for a target of `static_configs[j].targets[k]`. */
function yamlField(at: string, targetField: string, field: TargetField): string {
  const names: Record<TargetField, string> = {
    service: `${at}.job_name`, url: targetField, pathPrefix: `${at}.path_prefix`, labels: targetField.replace(/\.targets\[\d+\]$/, '.labels'),
    interval: `${at}.scrape_interval`, timeout: `${at}.scrape_timeout`, profiles: `${at}.profiles`, cpuSeconds: `${at}.cpu_seconds`,
    params: `${at}.params`, basicAuth: `${at}.basic_auth`, authorization: `${at}.authorization`, tls: `${at}.tls_config`,
    bodySizeLimit: `${at}.body_size_limit`,
  };
  return names[field];
}

function resolveJob(sc: ScrapeConfigDocument, at: string, globals: { intervalMs?: number; timeoutMs?: number }, dir: string, fail: Fail): ScrapeJob {
  const ms = (text: string | undefined): number | undefined => (text === undefined ? undefined : parseDurationMs(text, true));
  const name = sc.job_name ?? sc.service ?? fail(`${at}.job_name`, 'is required (or service)');
  const intervalMs = ms(sc.scrape_interval) ?? globals.intervalMs;
  // As in Prometheus, a global scrape_timeout longer than a job's interval is capped to it.
  const globalTimeoutFits = globals.timeoutMs === undefined || globals.timeoutMs <= (intervalMs ?? DEFAULTS.target.intervalMs);
  const timeoutMs = ms(sc.scrape_timeout) ?? (globalTimeoutFits ? globals.timeoutMs : undefined);
  const settings: ScrapeSettings = { ...httpSettings(sc, at, dir, fail) };
  if (sc.params !== undefined) settings.params = sc.params;
  if (sc.body_size_limit !== undefined) settings.bodySizeLimit = parseSize(sc.body_size_limit);
  const relabel = (sc.relabel_configs ?? []).map((r, k) => {
    try {
      return compileRelabelRule(r);
    } catch (err) {
      return fail(`${at}.relabel_configs[${k}]`, (err as Error).message);
    }
  });
  const staticGroups: TargetGroup[] = [];
  (sc.static_configs ?? []).forEach((stc, j) => {
    stc.targets.forEach((address, k) => {
      const scheme = /^(https?):\/\//.exec(address)?.[1];
      const labels: Record<string, string> = { ...(stc.labels ?? {}) };
      if (scheme !== undefined) labels['__scheme__'] = scheme;
      staticGroups.push({ source: `${at}.static_configs[${j}].targets[${k}]`, targets: [scheme === undefined ? address : address.slice(scheme.length + 3)], labels });
    });
  });
  return {
    name, service: sc.service ?? name, scheme: sc.scheme ?? 'http', pathPrefix: sc.path_prefix ?? DEFAULTS.target.pathPrefix,
    ...(intervalMs === undefined ? {} : { intervalMs }), ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(sc.profiles === undefined ? {} : { profiles: sc.profiles }), ...(sc.cpu_seconds === undefined ? {} : { cpuSeconds: sc.cpu_seconds }),
    settings, relabel, targetLimit: sc.target_limit ?? 0, staticGroups,
    fileSd: (sc.file_sd_configs ?? []).map((f) => ({
      files: f.files.map((p) => resolvePath(dir, p)), refreshIntervalMs: ms(f.refresh_interval) ?? DEFAULTS.discovery.fileRefreshMs,
    })),
    httpSd: (sc.http_sd_configs ?? []).map((h, k) => ({
      url: h.url, refreshIntervalMs: ms(h.refresh_interval) ?? DEFAULTS.discovery.httpRefreshMs,
      settings: httpSettings(h, `${at}.http_sd_configs[${k}]`, dir, fail),
    })),
    dnsSd: (sc.dns_sd_configs ?? []).map((d, k) => {
      const type = d.type ?? 'SRV';
      if (type !== 'SRV' && d.port === undefined) fail(`${at}.dns_sd_configs[${k}].port`, `is required for type ${type}`);
      return {
        names: d.names, type, refreshIntervalMs: ms(d.refresh_interval) ?? DEFAULTS.discovery.dnsRefreshMs,
        ...(d.port === undefined ? {} : { port: d.port }), ...(d.nameservers === undefined ? {} : { nameservers: d.nameservers }),
      };
    }),
  };
}

function resolve(doc: ConfigFileDocument, name: string): CollectorConfig {
  const fail: Fail = (field, why) => { throw new ScrapeConfigInvalid(name, field, why); };
  const dir = dirname(name);
  const ms = (text: string | undefined): number | undefined => (text === undefined ? undefined : parseDurationMs(text, true));
  const globals = { intervalMs: ms(doc.global?.scrape_interval), timeoutMs: ms(doc.global?.scrape_timeout) };
  const targets: Target[] = [];
  const ids = new Set<string>();
  const jobNames = new Set<string>();
  const jobs = (doc.scrape_configs ?? []).map((sc, i) => {
    const at = `scrape_configs[${i}]`;
    const job = resolveJob(sc, at, globals, dir, fail);
    if (jobNames.has(job.name)) fail(`${at}.job_name`, `repeats job ${job.name}`);
    jobNames.add(job.name);
    const made = targetsOfGroups(job, job.staticGroups, 'config');
    const problem = made.problems[0];
    if (problem !== undefined) {
      const field = problem.group.source;
      if (isTargetInvalid(problem.error)) fail(yamlField(at, field, problem.error.field), problem.error.reason);
      fail(field, problem.error.message);
    }
    for (const t of made.targets) {
      if (ids.has(t.id)) fail(`${at}`, `repeats target ${t.id}`);
      ids.add(t.id);
      targets.push(t);
    }
    return job;
  });
  const storage: CollectorConfig['storage'] = {};
  if (doc.storage?.path !== undefined) storage.path = doc.storage.path;
  if (doc.storage?.retention !== undefined) storage.retentionMs = ms(doc.storage.retention)!;
  if (doc.storage?.retention_minutes !== undefined) storage.minuteRetentionMs = ms(doc.storage.retention_minutes)!;
  if (doc.storage?.retention_hours !== undefined) storage.hourRetentionMs = ms(doc.storage.retention_hours)!;
  if (doc.storage?.clickhouse !== undefined) storage.clickhouse = doc.storage.clickhouse;
  if (doc.storage?.secret_key_file !== undefined) storage.secretKeyFile = doc.storage.secret_key_file;
  const config: CollectorConfig = { targets, jobs, storage };
  if (doc.target_addresses !== undefined) {
    try {
      new AddressPolicy(doc.target_addresses);
    } catch (err) {
      fail('target_addresses', (err as Error).message);
    }
    config.targetAddresses = doc.target_addresses;
  }
  return config;
}

/** Reads and checks a config file; an unreadable file is FW_CONFIG_FILE_UNREADABLE naming it. */
export async function loadConfigFile(path: string): Promise<CollectorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileUnreadable(path, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code ?? String(err));
  }
  return parseConfigText(text, path);
}

/** Callbacks of {@link watchConfigFile}. */
export interface ConfigWatch {
  /** A valid file was read: apply it. */
  onLoad(config: CollectorConfig): void;
  /** The file could not be read or is invalid: the running config stays. */
  onError(err: unknown): void;
}

/** Where SIGHUP comes from; `process` by default, injectable for tests. */
export interface SignalSource {
  on(signal: 'SIGHUP', listener: () => void): unknown;
  off(signal: 'SIGHUP', listener: () => void): unknown;
}

/**
 * Reloads the file on every SIGHUP. An invalid file is refused through `onError` and the
 * running config stays. Returns a function that stops watching.
 */
export function watchConfigFile(path: string, watch: ConfigWatch, signals: SignalSource = process): () => void {
  let chain = Promise.resolve();
  const listener = (): void => {
    chain = chain.then(() => loadConfigFile(path)).then(watch.onLoad, watch.onError);
  };
  signals.on('SIGHUP', listener);
  return () => { signals.off('SIGHUP', listener); };
}
