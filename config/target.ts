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
  /** Where the target came from: the API (persisted), a config file or its service discovery (neither persisted). */
  source: 'api' | 'config' | 'discovery';
  /** Extra query parameters of every scrape (Prometheus `params`). */
  params?: Readonly<Record<string, readonly string[]>>;
  /** HTTP basic auth; the password inline or in a file re-read when it changes. */
  basicAuth?: BasicAuth;
  /** An `Authorization: <type> <credentials>` header; the credentials inline or in a file. */
  authorization?: Authorization;
  /** TLS settings of https scrapes: CA, client certificate (mTLS), server name. */
  tls?: TlsSettings;
  /** A scrape whose body (received or inflated) passes this many bytes fails; 0 or absent: the decoder's limits only. */
  bodySizeLimit?: number;
  /** The scrape config (`job_name`) a config or discovered target belongs to. */
  job?: string;
  /** The labels before relabeling: `__address__`, `__scheme__`, `__meta_*`, … (config and discovered targets). */
  discoveredLabels?: Labels;
}

/** Basic auth of a scrape. Exactly one of password and passwordFile, or neither (an empty password). */
export interface BasicAuth {
  username: string;
  password?: string;
  passwordFile?: string;
}

/** The Authorization header of a scrape: `type` (default Bearer) and credentials or a file holding them. */
export interface Authorization {
  type: string;
  credentials?: string;
  credentialsFile?: string;
}

/** TLS of a scrape, as Prometheus's `tls_config`. */
export interface TlsSettings {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}

/** What a secret is shown as wherever a target is shown: API answers, logs. */
export const SECRET_PLACEHOLDER = '<secret>';

/** The connection settings of a target: what a scrape needs beyond the URL. */
export type ScrapeSettings = Pick<Target, 'params' | 'basicAuth' | 'authorization' | 'tls' | 'bodySizeLimit'>;

export type TargetInput = Omit<Target, 'id'>;

/** A target as a person writes it: everything but service and url may be left to the defaults. */
export interface TargetSpec extends Pick<Target, 'params' | 'basicAuth' | 'authorization' | 'tls' | 'bodySizeLimit' | 'job' | 'discoveredLabels'> {
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
export type TargetField = 'service' | 'url' | 'pathPrefix' | 'labels' | 'interval' | 'timeout' | 'profiles' | 'cpuSeconds'
  | 'params' | 'basicAuth' | 'authorization' | 'tls' | 'bodySizeLimit';

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
    ...optionalSettings(spec),
  };
  checkTarget(target, { cpuSecondsGiven: spec.cpuSeconds !== undefined });
  return target;
}

/** The optional fields of a spec that are set, copied. */
function optionalSettings(spec: TargetSpec): Partial<TargetInput> {
  const out: Partial<TargetInput> = {};
  if (spec.params !== undefined) out.params = Object.fromEntries(Object.entries(spec.params).map(([k, v]) => [k, [...v]]));
  if (spec.basicAuth !== undefined) out.basicAuth = { ...spec.basicAuth };
  if (spec.authorization !== undefined) out.authorization = { ...spec.authorization };
  if (spec.tls !== undefined) out.tls = { ...spec.tls };
  if (spec.bodySizeLimit !== undefined && spec.bodySizeLimit > 0) out.bodySizeLimit = spec.bodySizeLimit;
  if (spec.job !== undefined) out.job = spec.job;
  if (spec.discoveredLabels !== undefined) out.discoveredLabels = { ...spec.discoveredLabels };
  return out;
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
    params: 'params' in change ? change.params : existing.params,
    basicAuth: 'basicAuth' in change ? change.basicAuth : existing.basicAuth,
    authorization: 'authorization' in change ? change.authorization : existing.authorization,
    tls: 'tls' in change ? change.tls : existing.tls,
    bodySizeLimit: 'bodySizeLimit' in change ? change.bodySizeLimit : existing.bodySizeLimit,
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
  if (url.username !== '' || url.password !== '') fail('url', 'must not hold credentials (use basicAuth)');
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
  checkScrapeSettings(t);
}

/** The rules of auth, TLS, params and body size, as Prometheus has them. */
function checkScrapeSettings(t: ScrapeSettings): void {
  for (const [name, values] of Object.entries(t.params ?? {})) {
    if (name === '') fail('params', 'a parameter name must not be empty');
    if (values.length === 0) fail('params', `parameter "${name}" has no value`);
  }
  if (t.basicAuth !== undefined) {
    if (t.basicAuth.password !== undefined && t.basicAuth.passwordFile !== undefined) fail('basicAuth', 'set password or password_file, not both');
    if (t.authorization !== undefined) fail('authorization', 'set basic_auth or authorization, not both');
  }
  if (t.authorization !== undefined) {
    const a = t.authorization;
    if (a.credentials !== undefined && a.credentialsFile !== undefined) fail('authorization', 'set credentials or credentials_file, not both');
    if (a.credentials === undefined && a.credentialsFile === undefined) fail('authorization', 'needs credentials or credentials_file');
    if (a.type.toLowerCase() === 'basic') fail('authorization', 'type cannot be "Basic": use basic_auth');
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(a.type)) fail('authorization', `type "${a.type}" is not an HTTP auth scheme`);
  }
  if (t.tls !== undefined && (t.tls.certFile === undefined) !== (t.tls.keyFile === undefined)) {
    fail('tls', 'cert_file and key_file go together (a client certificate needs its key)');
  }
  if (t.bodySizeLimit !== undefined && !(Number.isInteger(t.bodySizeLimit) && t.bodySizeLimit >= 0)) fail('bodySizeLimit', 'must be a whole number of bytes');
}

/** A copy of a target with its secrets replaced by {@link SECRET_PLACEHOLDER}: for showing and logging. */
export function redactSecrets<T extends ScrapeSettings>(target: T): T {
  const out = { ...target };
  if (target.basicAuth?.password !== undefined) out.basicAuth = { ...target.basicAuth, password: SECRET_PLACEHOLDER };
  if (target.authorization?.credentials !== undefined) out.authorization = { ...target.authorization, credentials: SECRET_PLACEHOLDER };
  return out;
}

/** The `instance` label of a target: host:port of its URL. */
export function instanceOf(target: Pick<Target, 'url'>): string {
  try {
    return new URL(target.url).host;
  } catch {
    return target.url;
  }
}
