import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { parseDocument } from 'yaml';
import { DURATION_PATTERN, parseDurationMs } from '../common/duration.js';
import { ConfigFileUnreadable, ScrapeConfigInvalid } from '../common/errors.js';
import { LABEL_NAME_PATTERN } from '../common/labels.js';
import { DEFAULTS } from './defaults.js';
import { isTargetInvalid, resolveTarget, SCRAPE_PROFILES } from './target.js';
import type { ScrapeProfile, Target, TargetField } from './target.js';

const Duration = Type.String({ pattern: DURATION_PATTERN });
const LabelMap = Type.Record(Type.String({ pattern: LABEL_NAME_PATTERN }), Type.String());

const StaticConfigSchema = Type.Object({
  targets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
  labels: Type.Optional(LabelMap),
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
  static_configs: Type.Array(StaticConfigSchema),
}, { additionalProperties: false });

/** JSON schema of the collector's YAML file. */
export const ConfigFileSchema = Type.Object({
  global: Type.Optional(Type.Object({
    scrape_interval: Type.Optional(Duration),
    scrape_timeout: Type.Optional(Duration),
  }, { additionalProperties: false })),
  storage: Type.Optional(Type.Object({
    path: Type.Optional(Type.String({ minLength: 1 })),
    retention: Type.Optional(Duration),
  }, { additionalProperties: false })),
  scrape_configs: Type.Optional(Type.Array(ScrapeConfigSchema)),
}, { additionalProperties: false });

export type ConfigFileDocument = Static<typeof ConfigFileSchema>;

/** The file, checked and resolved into targets. */
export interface CollectorConfig {
  targets: Target[];
  storage: { path?: string; retentionMs?: number };
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
  if (params.allowedValues) return [field, `must be one of ${params.allowedValues.join(', ')}`];
  return [field, error.message ?? 'is invalid'];
}

/**
 * Parses and checks the YAML text of a collector config. Throws FW_SCRAPE_CONFIG_INVALID
 * naming the file and the field, e.g. `field scrape_configs[0].scrape_interval must be a duration`.
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

function resolve(doc: ConfigFileDocument, name: string): CollectorConfig {
  const fail = (field: string, why: string): never => { throw new ScrapeConfigInvalid(name, field, why); };
  const ms = (text: string | undefined): number | undefined => (text === undefined ? undefined : parseDurationMs(text, true));
  const globalInterval = ms(doc.global?.scrape_interval);
  const globalTimeout = ms(doc.global?.scrape_timeout);
  const targets: Target[] = [];
  const ids = new Set<string>();
  (doc.scrape_configs ?? []).forEach((sc, i) => {
    const at = `scrape_configs[${i}]`;
    const service = sc.service ?? sc.job_name ?? fail(`${at}.job_name`, 'is required (or service)');
    const intervalMs = ms(sc.scrape_interval) ?? globalInterval;
    // As in Prometheus, a global scrape_timeout longer than a job's interval is capped to it.
    const globalTimeoutFits = globalTimeout === undefined || globalTimeout <= (intervalMs ?? DEFAULTS.target.intervalMs);
    const timeoutMs = ms(sc.scrape_timeout) ?? (globalTimeoutFits ? globalTimeout : undefined);
    sc.static_configs.forEach((stc, j) => {
      stc.targets.forEach((address, k) => {
        const field = `${at}.static_configs[${j}].targets[${k}]`;
        const url = /^https?:\/\//.test(address) ? address : `${sc.scheme ?? 'http'}://${address}`;
        let host = '';
        try {
          const parsed = new URL(url);
          host = parsed.host;
          if (parsed.pathname !== '/' || parsed.search !== '') fail(field, 'must be host:port (use path_prefix for the path)');
        } catch (err) {
          if ((err as { code?: unknown }).code === 'FW_SCRAPE_CONFIG_INVALID') throw err;
          fail(field, `"${address}" is not host:port`);
        }
        const id = `${service}/${host}${sc.path_prefix && sc.path_prefix !== DEFAULTS.target.pathPrefix ? sc.path_prefix : ''}`;
        if (ids.has(id)) fail(field, `repeats target ${id}`);
        ids.add(id);
        try {
          const input = resolveTarget({
            service, url, pathPrefix: sc.path_prefix, labels: stc.labels, intervalMs, timeoutMs,
            profiles: sc.profiles, cpuSeconds: sc.cpu_seconds, source: 'config',
          });
          targets.push({ id, ...input });
        } catch (err) {
          if (!isTargetInvalid(err)) throw err;
          const yamlField: Record<TargetField, string> = {
            service: `${at}.job_name`, url: field, pathPrefix: `${at}.path_prefix`, labels: `${at}.static_configs[${j}].labels`,
            interval: `${at}.scrape_interval`, timeout: `${at}.scrape_timeout`, profiles: `${at}.profiles`, cpuSeconds: `${at}.cpu_seconds`,
          };
          fail(yamlField[err.field], err.reason);
        }
      });
    });
  });
  const storage: CollectorConfig['storage'] = {};
  if (doc.storage?.path !== undefined) storage.path = doc.storage.path;
  if (doc.storage?.retention !== undefined) storage.retentionMs = ms(doc.storage.retention)!;
  return { targets, storage };
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
