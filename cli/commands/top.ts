import type { Command } from 'commander';
import { decodeProfile } from '../../codec/decode.js';
import type { Profile } from '../../codec/profile.js';
import { PROFILE_TYPES } from '../../common/profile-types.js';
import { stacksFromProfiles } from '../../query/from-profile.js';
import { DEFAULT_EDGE_FRACTION, DEFAULT_NODE_FRACTION, textTop } from '../../query/text-top.js';
import { top } from '../../query/top.js';
import { CliUsageError } from '../cli-error.js';
import { parseCount, parseFraction } from '../parse-options.js';
import { renderTextTop, reportHeader } from '../print-top.js';
import { readProfiles } from '../read-profiles.js';
import { clientFor } from '../server-flags.js';
import type { ServerFlags } from '../server-flags.js';

interface TopFlags extends ServerFlags {
  json?: boolean;
  sampleIndex?: string;
  lines?: boolean;
  nodecount?: number;
  nodefraction?: number;
  edgefraction?: number;
  query?: string;
  service?: string;
  type?: string;
  from?: string;
  to?: string;
  agg?: string;
}

/**
 * The window of a server as the pprof profile `GET /api/v1/profile` exports, so that the table
 * is the one `go tool pprof -top` prints for it. Why a window is empty goes to stderr.
 */
async function remoteProfile(flags: TopFlags): Promise<Profile> {
  const type = flags.type ?? 'cpu';
  const { bytes, headers } = await clientFor(flags).getBytes('/api/v1/profile', {
    query: flags.query, service: flags.service, type, from: flags.from, to: flags.to, agg: flags.agg,
  });
  const hint = headers['x-flamewatch-hint'];
  if (typeof hint === 'string') process.stderr.write(`flamewatch: ${decodeURIComponent(hint)}\n`);
  return decodeProfile(bytes);
}

/**
 * `flamewatch top FILE...`: the `go tool pprof -top` table of local profiles, merged; with
 * `--server`, the same table of a time window stored on a flamewatch server. The text is
 * byte for byte what `go tool pprof -top` prints for the same input and flags; `--json` gives
 * every row (as -nodefraction=0), or the first `-n`.
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
    .option('--nodefraction <f>', `hide nodes below this share of the total, as pprof (default ${DEFAULT_NODE_FRACTION}; text only)`, parseFraction)
    .option('--edgefraction <f>', `ignore calls below this share when marking (inline), as pprof (default ${DEFAULT_EDGE_FRACTION})`, parseFraction)
    .option('--server <url>', 'query a flamewatch server instead of reading files (http://host:port, or host:port)')
    .option('--token <token>', 'bearer token for --server (default $FLAMEWATCH_TOKEN)')
    .option('--query <selector>', 'with --server: selector, e.g. {service="api"}')
    .option('--service <name>', 'with --server: shorthand for --query {service="NAME"}')
    .option('--type <type>', 'with --server: profile type (default cpu); for files: like --sample-index')
    .option('--from <time>', 'with --server: window start (RFC 3339, unix time, now-1h; default now-1h)')
    .option('--to <time>', 'with --server: window end (default now)')
    .option('--agg <sum|mean>', 'with --server: how profiles of the window combine')
    .action(async (files: string[], flags: TopFlags) => {
      if (flags.server !== undefined && files.length > 0) throw new CliUsageError('give either files or --server, not both');
      const remote = flags.server !== undefined;
      const profiles = remote ? [await remoteProfile(flags)] : await readProfiles(files);
      const sampleIndex = remote ? undefined
        : flags.sampleIndex ?? (flags.type === undefined ? undefined : PROFILE_TYPES[flags.type]?.sampleType ?? flags.type);
      const stacks = stacksFromProfiles(profiles, { sampleIndex, granularity: flags.lines ? 'line' : 'function' });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(top(stacks, { limit: flags.nodecount }))}\n`);
        return;
      }
      const nodeFraction = flags.nodefraction ?? DEFAULT_NODE_FRACTION;
      const report = textTop(stacks, { nodeFraction, edgeFraction: flags.edgefraction, nodeCount: flags.nodecount });
      process.stdout.write(renderTextTop(reportHeader(profiles, stacks.sampleType), report, nodeFraction));
    });
}
