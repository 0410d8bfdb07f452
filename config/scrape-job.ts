import { formatDuration, parseDurationMs } from '../common/duration.js';
import type { Labels } from '../common/labels.js';
import { DEFAULTS } from './defaults.js';
import { relabel } from './relabel.js';
import type { RelabelRule } from './relabel.js';
import type { TargetGroup } from './target-groups.js';
import { isTargetInvalid, resolveTarget } from './target.js';
import type { ScrapeProfile, ScrapeSettings, Target, TargetInvalidError } from './target.js';

/**
 * A scrape config (`scrape_configs[i]`) as the collector runs it: the settings its targets
 * share, its relabeling, its static groups and its discovery. {@link targetsOfGroups} turns
 * target groups into targets the way Prometheus does.
 */

/** `file_sd_configs[i]`: files (a glob in the last path element) re-read when they change. */
export interface FileSdConfig {
  files: readonly string[];
  refreshIntervalMs: number;
}

/** `http_sd_configs[i]`: a URL answering a JSON list of target groups. */
export interface HttpSdConfig {
  url: string;
  refreshIntervalMs: number;
  /** Auth and TLS of the discovery request itself. */
  settings: Pick<ScrapeSettings, 'basicAuth' | 'authorization' | 'tls'>;
}

export const DNS_RECORD_TYPES = Object.freeze(['SRV', 'A', 'AAAA', 'MX', 'NS'] as const);
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** `dns_sd_configs[i]`: names looked up every refresh. */
export interface DnsSdConfig {
  names: readonly string[];
  type: DnsRecordType;
  /** Port of A, AAAA, MX and NS answers (SRV answers carry their own). */
  port?: number;
  refreshIntervalMs: number;
  /** Name servers (`host` or `host:port`) asked instead of the system's. */
  nameservers?: readonly string[];
}

/** One scrape config, checked. */
export interface ScrapeJob {
  /** `job_name`: the job label before relabeling, and the scope of its targets. */
  name: string;
  /** The `service` of its targets unless relabeling sets one: `service`, else `job_name`. */
  service: string;
  scheme: 'http' | 'https';
  pathPrefix: string;
  intervalMs?: number;
  timeoutMs?: number;
  profiles?: readonly ScrapeProfile[];
  cpuSeconds?: number;
  settings: ScrapeSettings;
  relabel: readonly RelabelRule[];
  /** More targets than this after relabeling: none is scraped (0: no limit). */
  targetLimit: number;
  staticGroups: readonly TargetGroup[];
  fileSd: readonly FileSdConfig[];
  httpSd: readonly HttpSdConfig[];
  dnsSd: readonly DnsSdConfig[];
}

/** A target of a group that could not be made, and why. */
export interface TargetProblem {
  group: TargetGroup;
  /** Index of the address in the group. */
  index: number;
  error: TargetInvalidError | Error;
}

/** What a job's groups became. */
export interface JobTargets {
  targets: Target[];
  /** Targets dropped by relabeling (keep, drop, …). */
  dropped: number;
  problems: TargetProblem[];
}

/** The labels a target starts with before relabeling: the group's, then the job's defaults. */
export function discoveredLabelsOf(job: ScrapeJob, group: TargetGroup, address: string): Record<string, string> {
  const labels: Record<string, string> = { ...group.labels, __address__: address };
  const defaults: Record<string, string | undefined> = {
    job: job.service,
    __scheme__: job.scheme,
    __pprof_path__: job.pathPrefix,
    __scrape_interval__: job.intervalMs === undefined ? undefined : formatDuration(job.intervalMs),
    __scrape_timeout__: job.timeoutMs === undefined ? undefined : formatDuration(job.timeoutMs),
  };
  for (const [name, values] of Object.entries(job.settings.params ?? {})) defaults[`__param_${name}`] = values[0];
  for (const [name, value] of Object.entries(defaults)) if (value !== undefined && !(name in labels)) labels[name] = value;
  return labels;
}

function invalid(field: 'url' | 'interval' | 'timeout', reason: string): TargetInvalidError {
  return Object.assign(new Error(`invalid target field "${field}": ${reason}`), { code: 'FW_TARGET_INVALID' as const, field, reason });
}

/**
 * One target from its labels after relabeling: `__address__`, `__scheme__`, `__pprof_path__`,
 * `__scrape_interval__`, `__scrape_timeout__` and `__param_*` set the scrape; `service` (else
 * `job`) the service; the labels not starting with `__` become the target's labels.
 */
function targetOf(job: ScrapeJob, labels: Record<string, string>, discovered: Labels, source: Target['source']): Target {
  const address = labels['__address__'];
  if (address === undefined || address === '') throw invalid('url', 'no __address__ is left after relabeling');
  const scheme = labels['__scheme__'] ?? job.scheme;
  let url: URL;
  try {
    url = new URL(`${scheme}://${address}`);
  } catch {
    throw invalid('url', `"${address}" is not host:port`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.username !== '') throw invalid('url', `must be host:port, not "${address}" (use path_prefix or __pprof_path__ for the path)`);
  const duration = (name: string, field: 'interval' | 'timeout', fallback: number | undefined): number | undefined => {
    const text = labels[name];
    if (text === undefined) return fallback;
    const ms = parseDurationMs(text, true);
    if (ms === undefined) throw invalid(field, `${name} "${text}" is not a duration`);
    return ms;
  };
  const params: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(job.settings.params ?? {})) params[name] = [...values];
  const own: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (name.startsWith('__param_')) params[name.slice('__param_'.length)] = [value];
    else if (!name.startsWith('__')) own[name] = value;
  }
  const service = own['service'] ?? own['job'] ?? job.service;
  delete own['service'];
  delete own['job'];
  const pathPrefix = labels['__pprof_path__'] ?? job.pathPrefix;
  const input = resolveTarget({
    service, url: `${scheme}://${address}`, pathPrefix, labels: own,
    intervalMs: duration('__scrape_interval__', 'interval', job.intervalMs),
    timeoutMs: duration('__scrape_timeout__', 'timeout', job.timeoutMs),
    profiles: job.profiles, cpuSeconds: job.cpuSeconds, source,
    ...job.settings, params: Object.keys(params).length > 0 ? params : undefined,
    job: job.name, discoveredLabels: discovered,
  });
  const suffix = input.pathPrefix !== DEFAULTS.target.pathPrefix ? input.pathPrefix : '';
  return { id: `${input.service}/${url.host}${suffix}`, ...input };
}

/**
 * The targets of a job's groups: each address with its group's labels and the job's defaults,
 * relabeled, then checked. Dropped targets are counted; targets that break a rule, or repeat
 * an id, are reported in `problems` and left out.
 */
export function targetsOfGroups(job: ScrapeJob, groups: readonly TargetGroup[], source: Target['source']): JobTargets {
  const targets: Target[] = [];
  const problems: TargetProblem[] = [];
  const ids = new Set<string>();
  let dropped = 0;
  for (const group of groups) {
    group.targets.forEach((address, index) => {
      const discovered = discoveredLabelsOf(job, group, address);
      const labels = relabel(discovered, job.relabel);
      if (labels === undefined) { dropped++; return; }
      try {
        const target = targetOf(job, labels, discovered, source);
        if (ids.has(target.id)) throw new Error(`repeats target ${target.id}`);
        ids.add(target.id);
        targets.push(target);
      } catch (err) {
        if (!isTargetInvalid(err) && !(err instanceof Error)) throw err;
        problems.push({ group, index, error: err as Error });
      }
    });
  }
  return { targets, dropped, problems };
}

/** Why a job's targets are not scraped: more of them than its target_limit, or undefined. */
export function targetLimitProblem(job: Pick<ScrapeJob, 'targetLimit'>, count: number): string | undefined {
  if (job.targetLimit <= 0 || count <= job.targetLimit) return undefined;
  return `target_limit exceeded: ${count} targets after relabeling, the limit is ${job.targetLimit}; none of this job's targets is scraped`;
}
