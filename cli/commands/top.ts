import type { Command } from 'commander';
import { PROFILE_TYPES } from '../../common/profile-types.js';
import { stacksFromProfiles } from '../../query/from-profile.js';
import { top } from '../../query/top.js';
import type { TopResult, TopRow } from '../../query/top.js';
import { CliUsageError } from '../cli-error.js';
import { parseCount } from '../parse-options.js';
import { renderTop } from '../print-top.js';
import { readProfiles } from '../read-profiles.js';
import { clientFor } from '../server-flags.js';
import type { ServerFlags } from '../server-flags.js';

interface TopFlags extends ServerFlags {
  json?: boolean;
  sampleIndex?: string;
  lines?: boolean;
  nodecount?: number;
  query?: string;
  service?: string;
  type?: string;
  from?: string;
  to?: string;
  agg?: string;
}

interface RemoteTop {
  type: string;
  unit: string;
  total: number;
  profiles: number;
  rows: TopRow[];
}

/** The top table of local files, merged. */
async function localTop(files: string[], flags: TopFlags): Promise<TopResult> {
  const sampleIndex = flags.sampleIndex ?? (flags.type === undefined ? undefined : PROFILE_TYPES[flags.type]?.sampleType ?? flags.type);
  const stacks = stacksFromProfiles(await readProfiles(files), {
    sampleIndex, granularity: flags.lines ? 'line' : 'function',
  });
  return top(stacks, { limit: flags.nodecount });
}

/**
 * The top table of a window on a server. `type` is reported as the sample type name (e.g.
 * `delay` for `block:delay`), as the offline table reports it, so both print the same.
 */
async function remoteTop(flags: TopFlags & { server: string }): Promise<TopResult> {
  const type = flags.type ?? 'cpu';
  const info = PROFILE_TYPES[type];
  if (!info) throw new CliUsageError(`unknown --type "${type}" (known: ${Object.keys(PROFILE_TYPES).join(', ')})`);
  const result = await clientFor(flags).getJson<RemoteTop>('/api/v1/top', {
    query: flags.query, service: flags.service, type, from: flags.from, to: flags.to, agg: flags.agg,
    granularity: flags.lines ? 'line' : 'function', limit: flags.nodecount,
  });
  return { type: info.sampleType, unit: result.unit, total: result.total, rows: result.rows.map(localRowOrder) };
}

/** A row with its keys in the order the offline table writes them, so JSON output is byte-identical. */
function localRowOrder(r: TopRow): TopRow {
  const row: TopRow = { name: r.name, file: r.file, flat: r.flat, flatPct: r.flatPct, sumPct: r.sumPct, cum: r.cum, cumPct: r.cumPct };
  if (r.line !== undefined) row.line = r.line;
  return row;
}

/**
 * `flamewatch top FILE...`: the `go tool pprof -top` table of local profiles, merged; with
 * `--server`, the same table of a time window stored on a flamewatch server.
 */
export function registerTop(program: Command): void {
  program
    .command('top')
    .description('print the top functions of pprof files, merged (like go tool pprof -top), or of a window on a server')
    .argument('[files...]', 'pprof files (gzip or plain protobuf); not with --server')
    .option('--json', 'print JSON: {type, unit, total, rows}')
    .option('--sample-index <name>', 'sample type of local files, e.g. cpu, alloc_space, inuse_objects')
    .option('--lines', 'one row per function and source line')
    .option('-n, --nodecount <n>', 'print only the first N rows', parseCount)
    .option('--server <url>', 'query a flamewatch server instead of reading files')
    .option('--token <token>', 'bearer token for --server (default $FLAMEWATCH_TOKEN)')
    .option('--query <selector>', 'with --server: selector, e.g. {service="api"}')
    .option('--service <name>', 'with --server: shorthand for --query {service="NAME"}')
    .option('--type <type>', 'with --server: profile type (default cpu); for files: like --sample-index')
    .option('--from <time>', 'with --server: window start (RFC 3339, unix time, now-1h; default now-1h)')
    .option('--to <time>', 'with --server: window end (default now)')
    .option('--agg <sum|mean>', 'with --server: how profiles of the window combine')
    .action(async (files: string[], flags: TopFlags) => {
      if (flags.server !== undefined && files.length > 0) throw new CliUsageError('give either files or --server, not both');
      const result = flags.server !== undefined ? await remoteTop({ ...flags, server: flags.server }) : await localTop(files, flags);
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : renderTop(result));
    });
}
