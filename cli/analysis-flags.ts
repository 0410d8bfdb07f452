import type { Command } from 'commander';
import type { Profile } from '../codec/profile.js';
import { PROFILE_TYPES } from '../common/profile-types.js';
import type { FilterSpec } from '../query/filters.js';
import { CliUsageError } from './cli-error.js';
import type { QueryParams } from './http-client.js';
import { readProfiles } from './read-profiles.js';
import type { ServerFlags } from './server-flags.js';

/** Flags every analysis command shares: what to read (files or a server window), filters, output. */
export interface AnalysisFlags extends ServerFlags, FilterSpec {
  json?: boolean;
  sampleIndex?: string;
  query?: string;
  service?: string;
  type?: string;
  from?: string;
  to?: string;
  agg?: string;
}

/** Adds `--json`, the file and server source flags and pprof's filter flags to a command. */
export function withAnalysisFlags(command: Command, json = 'print JSON'): Command {
  return command
    .option('--json', json)
    .option('--sample-index <name>', 'sample type of local files, e.g. cpu, alloc_space, inuse_objects')
    .option('--server <url>', 'query a flamewatch server instead of reading files')
    .option('--token <token>', 'bearer token for --server (default $FLAMEWATCH_TOKEN)')
    .option('--query <selector>', 'with --server: selector, e.g. {service="api"}')
    .option('--service <name>', 'with --server: shorthand for --query {service="NAME"}')
    .option('--type <type>', 'with --server: profile type (default cpu); for files: like --sample-index')
    .option('--from <time>', 'with --server: window start (RFC 3339, unix time, now-1h; default now-1h)')
    .option('--to <time>', 'with --server: window end (default now)')
    .option('--agg <sum|mean>', 'with --server: how profiles of the window combine')
    .option('--focus <regex>', 'keep samples with a frame matching (function, file or binary name), as pprof -focus')
    .option('--ignore <regex>', 'drop samples with a frame matching, as pprof -ignore')
    .option('--hide <regex>', 'remove matching frames from stacks, as pprof -hide')
    .option('--show <regex>', 'keep only matching frames in stacks, as pprof -show')
    .option('--tagfocus <[key=]value>', 'keep samples whose labels match (regexes, or a numeric range such as bytes=1kb:64kb), as pprof -tagfocus')
    .option('--tagignore <[key=]value>', 'drop samples whose labels match, as pprof -tagignore')
    .option('--sample-labels <selector>', 'keep samples whose labels match a selector, e.g. {handler="checkout",tenant!="acme"}')
    .option('--relative-percentages', 'percentages of the filtered samples, not of all (pprof -relative_percentages)');
}

/** The filters the flags give. */
export function filterSpecOf(flags: AnalysisFlags): FilterSpec {
  const { focus, ignore, hide, show, tagfocus, tagignore, sampleLabels, relativePercentages } = flags;
  return { focus, ignore, hide, show, tagfocus, tagignore, sampleLabels, relativePercentages };
}

/** True when the command reads a server window; files and --server together are refused. */
export function fromServer(files: readonly string[], flags: AnalysisFlags): flags is AnalysisFlags & { server: string } {
  if (flags.server !== undefined && files.length > 0) throw new CliUsageError('give either files or --server, not both');
  return flags.server !== undefined;
}

/** The profile type of a server query; default cpu. The server checks it against the types it holds. */
export function serverType(flags: AnalysisFlags): string {
  return flags.type ?? 'cpu';
}

/**
 * The sample type name of a server query's type (`delay` for `block:delay`), as local files
 * report it; a type of another producer (e.g. `wall`) is its own sample type.
 */
export function serverSampleType(flags: AnalysisFlags): string {
  const type = serverType(flags);
  return PROFILE_TYPES[type]?.sampleType ?? type;
}

/** The query parameters of a server window with the filters. */
export function windowParams(flags: AnalysisFlags): QueryParams {
  return {
    query: flags.query, service: flags.service, type: serverType(flags), from: flags.from, to: flags.to, agg: flags.agg,
    ...filterSpecOf(flags),
  };
}

/** The sample type of local files the flags select (`--sample-index`, else `--type`'s sample type). */
export function localSampleIndex(flags: AnalysisFlags): string | undefined {
  return flags.sampleIndex ?? (flags.type === undefined ? undefined : PROFILE_TYPES[flags.type]?.sampleType ?? flags.type);
}

/** Reads local files for an analysis. */
export function localProfiles(files: readonly string[]): Promise<Profile[]> {
  return readProfiles(files);
}

/** Writes the result: JSON with --json, else the text. */
export function print(flags: AnalysisFlags, json: unknown, text: () => string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(json)}\n` : text());
}
