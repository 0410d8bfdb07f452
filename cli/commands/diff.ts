import type { Command } from 'commander';
import type { DiffResult } from '../../query/diff.js';
import { CliUsageError } from '../cli-error.js';
import { filterSpecOf, localProfiles, serverSampleType, localSampleIndex, print, windowParams, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { parseCount } from '../parse-options.js';
import { clientFor } from '../server-flags.js';

interface DiffFlags extends AnalysisFlags {
  base?: string[];
  baseFrom?: string;
  baseTo?: string;
  baseQuery?: string;
  baseService?: string;
  baseSampleLabels?: string;
  normalize?: boolean;
  lines?: boolean;
  nodecount?: number;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The diff of local files: the files minus the --base files. */
async function localDiff(files: string[], flags: DiffFlags): Promise<DiffResult> {
  if (!flags.base || flags.base.length === 0) throw new CliUsageError('give the base profile with --base FILE');
  const [{ stacksFromProfiles }, { diffStacks }, { compileFilters }] = await Promise.all([
    import('../../query/from-profile.js'), import('../../query/diff.js'), import('../../query/filters.js'),
  ]);
  const filters = compileFilters(filterSpecOf(flags));
  const options = { sampleIndex: localSampleIndex(flags), granularity: flags.lines ? 'line' as const : 'function' as const, ...(filters ? { filters } : {}) };
  const base = stacksFromProfiles(await localProfiles(flags.base), options);
  const current = stacksFromProfiles(await localProfiles(files), options);
  return diffStacks(base, current, { normalize: flags.normalize ?? false });
}

/** The diff of two windows on a server. */
async function remoteDiff(flags: DiffFlags & { server: string }): Promise<DiffResult> {
  if (flags.baseFrom === undefined && flags.baseQuery === undefined && flags.baseService === undefined && flags.baseSampleLabels === undefined) {
    throw new CliUsageError('with --server, give the base with --base-from (and --base-to), --base-query, --base-service or --base-sample-labels');
  }
  const result = await clientFor(flags).getJson<DiffResult>('/api/v1/diff', {
    ...windowParams(flags), baseFrom: flags.baseFrom, baseTo: flags.baseTo, baseQuery: flags.baseQuery, baseService: flags.baseService,
    baseSampleLabels: flags.baseSampleLabels,
    normalize: flags.normalize, granularity: flags.lines ? 'line' : 'function',
  });
  const { unit, base, current, baseScale, rows, root } = result;
  return { type: serverSampleType(flags), unit, base: { total: base.total }, current: { total: current.total }, baseScale, rows, root };
}

/** `flamewatch diff --base A.pb.gz B.pb.gz`: B − A per function, as `go tool pprof -top -diff_base=A B`. */
export function registerDiff(program: Command): void {
  withAnalysisFlags(program
    .command('diff')
    .description('current minus base per function (like go tool pprof -top -diff_base BASE FILES), or between two windows on a server')
    .argument('[files...]', 'current pprof files; not with --server'), 'print JSON: {type, unit, base, current, baseScale, rows, root}')
    .option('--base <file>', 'base pprof file (repeatable: merged)', collect)
    .option('--base-from <time>', 'with --server: start of the base window')
    .option('--base-to <time>', 'with --server: end of the base window (default base-from plus the window length)')
    .option('--base-query <selector>', 'with --server: selector of the base (default --query)')
    .option('--base-service <name>', 'with --server: shorthand for --base-query {service="NAME"}')
    .option('--base-sample-labels <selector>', 'with --server: sample labels of the base instead of --sample-labels, e.g. {handler="search"}')
    .option('--normalize', 'scale the base to the current total first (pprof -normalize)')
    .option('--lines', 'one row per function and source line')
    .option('-n, --nodecount <n>', 'print only the first N rows', parseCount)
    .action(async (files: string[], flags: DiffFlags) => {
      if (flags.server !== undefined && (files.length > 0 || flags.base !== undefined)) throw new CliUsageError('give either files and --base, or --server, not both');
      const result = flags.server !== undefined ? await remoteDiff({ ...flags, server: flags.server }) : await localDiff(files, flags);
      const [{ renderDiff }, { activeFilters }] = await Promise.all([import('../print-diff.js'), import('../../query/filters.js')]);
      const shown = flags.nodecount === undefined ? result : { ...result, rows: result.rows.slice(0, flags.nodecount) };
      print(flags, shown, () => renderDiff(shown, activeFilters(filterSpecOf(flags))));
    });
}
