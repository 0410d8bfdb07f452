import type { Command } from 'commander';
import { PROFILE_TYPES } from '../../common/profile-types.js';
import type { TopResult, TopRow } from '../../query/top.js';
import { filterSpecOf, fromServer, localProfiles, localSampleIndex, print, serverType, windowParams, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { parseCount } from '../parse-options.js';
import { renderTop } from '../print-top.js';
import { clientFor } from '../server-flags.js';

interface TopFlags extends AnalysisFlags {
  lines?: boolean;
  nodecount?: number;
}

interface RemoteTop {
  type: string;
  unit: string;
  total: number;
  profiles: number;
  rows: TopRow[];
}

/** The top table of local files, merged and filtered. */
async function localTop(files: string[], flags: TopFlags): Promise<TopResult> {
  const [{ stacksFromProfiles }, { top }, { compileFilters }] = await Promise.all([
    import('../../query/from-profile.js'), import('../../query/top.js'), import('../../query/filters.js'),
  ]);
  const filters = compileFilters(filterSpecOf(flags));
  const stacks = stacksFromProfiles(await localProfiles(files), {
    sampleIndex: localSampleIndex(flags), granularity: flags.lines ? 'line' : 'function', ...(filters ? { filters } : {}),
  });
  return top(stacks, { limit: flags.nodecount });
}

/**
 * The top table of a window on a server. `type` is reported as the sample type name (e.g.
 * `delay` for `block:delay`), as the offline table reports it, so both print the same.
 */
async function remoteTop(flags: TopFlags & { server: string }): Promise<TopResult> {
  const type = serverType(flags);
  const result = await clientFor(flags).getJson<RemoteTop>('/api/v1/top', {
    ...windowParams(flags), granularity: flags.lines ? 'line' : 'function', limit: flags.nodecount,
  });
  return { type: PROFILE_TYPES[type]!.sampleType, unit: result.unit, total: result.total, rows: result.rows.map(localRowOrder) };
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
  withAnalysisFlags(program
    .command('top')
    .description('print the top functions of pprof files, merged (like go tool pprof -top), or of a window on a server')
    .argument('[files...]', 'pprof files (gzip or plain protobuf); not with --server'), 'print JSON: {type, unit, total, rows}')
    .option('--lines', 'one row per function and source line')
    .option('-n, --nodecount <n>', 'print only the first N rows', parseCount)
    .action(async (files: string[], flags: TopFlags) => {
      const result = fromServer(files, flags) ? await remoteTop(flags) : await localTop(files, flags);
      const { activeFilters } = await import('../../query/filters.js');
      print(flags, result, () => renderTop(result, activeFilters(filterSpecOf(flags))));
    });
}
