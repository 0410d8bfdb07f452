import type { Command } from 'commander';
import { decodeProfile } from '../../codec/decode.js';
import type { Profile } from '../../codec/profile.js';
import { activeFilters } from '../../query/filter-spec.js';
import { stacksFromProfiles } from '../../query/from-profile.js';
import { DEFAULT_EDGE_FRACTION, DEFAULT_NODE_FRACTION, textTop } from '../../query/text-top.js';
import { top } from '../../query/top.js';
import { filterSpecOf, fromServer, localProfiles, localSampleIndex, serverType, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { parseCount, parseFraction } from '../parse-options.js';
import { renderTextTop, reportHeader } from '../print-top.js';
import { clientFor } from '../server-flags.js';

interface TopFlags extends AnalysisFlags {
  lines?: boolean;
  nodecount?: number;
  nodefraction?: number;
  edgefraction?: number;
}

/**
 * The window of a server as the pprof profile `GET /api/v1/profile` exports, unfiltered, so
 * that the table is the one `go tool pprof -top` prints for it (filters then apply here, with
 * pprof's unfiltered total). Why a window is empty goes to stderr.
 */
async function remoteProfile(flags: TopFlags): Promise<Profile> {
  const { bytes, headers } = await clientFor(flags).getBytes('/api/v1/profile', {
    query: flags.query, service: flags.service, type: serverType(flags), from: flags.from, to: flags.to, agg: flags.agg,
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
  withAnalysisFlags(program
    .command('top')
    .description('print the top functions of pprof files, merged (like go tool pprof -top), or of a window on a server')
    .argument('[files...]', 'pprof files (gzip or plain protobuf); not with --server'), 'print JSON: {type, unit, total, rows}')
    .option('--lines', 'one row per function and source line')
    .option('-n, --nodecount <n>', 'print only the first N rows', parseCount)
    .option('--nodefraction <f>', `hide nodes below this share of the total, as pprof (default ${DEFAULT_NODE_FRACTION}; text only)`, parseFraction)
    .option('--edgefraction <f>', `ignore calls below this share when marking (inline), as pprof (default ${DEFAULT_EDGE_FRACTION})`, parseFraction)
    .action(async (files: string[], flags: TopFlags) => {
      const remote = fromServer(files, flags);
      const profiles = remote ? [await remoteProfile(flags)] : await localProfiles(files);
      const spec = filterSpecOf(flags);
      const active = activeFilters(spec);
      // The regexp engine is loaded only when a filter asks for it.
      const filters = active.length === 0 ? undefined : (await import('../../query/filters.js')).compileFilters(spec);
      const stacks = stacksFromProfiles(profiles, {
        sampleIndex: remote ? undefined : localSampleIndex(flags), granularity: flags.lines ? 'line' : 'function', ...(filters ? { filters } : {}),
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(top(stacks, { limit: flags.nodecount }))}\n`);
        return;
      }
      const nodeFraction = flags.nodefraction ?? DEFAULT_NODE_FRACTION;
      const report = textTop(stacks, { nodeFraction, edgeFraction: flags.edgefraction, nodeCount: flags.nodecount });
      process.stdout.write(renderTextTop(reportHeader(profiles, stacks.sampleType), report, nodeFraction, active));
    });
}
