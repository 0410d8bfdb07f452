import type { Command } from 'commander';
import type { ListResult } from '../../query/list.js';
import { filterSpecOf, fromServer, serverSampleType, localProfiles, localSampleIndex, print, windowParams, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { clientFor } from '../server-flags.js';

/** `flamewatch list REGEX FILE...`: flat and cum per source line of the matching functions (pprof -list, without source). */
export function registerList(program: Command): void {
  withAnalysisFlags(program
    .command('list')
    .description('per-line flat and cum of the functions matching REGEX (like go tool pprof -list, without the source text)')
    .argument('<regex>', 'Go regular expression on function names')
    .argument('[files...]', 'pprof files; not with --server'), 'print JSON: {type, unit, total, routines: [{function, file, flat, cum, cumPct, lines}]}')
    .action(async (regex: string, files: string[], flags: AnalysisFlags) => {
      const { renderList } = await import('../print-list.js');
      let result: ListResult;
      if (fromServer(files, flags)) {
        result = await clientFor(flags).getJson<ListResult>('/api/v1/list', { ...windowParams(flags), regex });
        result.type = serverSampleType(flags);
      } else {
        const [{ stacksFromProfiles }, { listFunctions }, { compileFilters }, { compileGoRegexp }] = await Promise.all([
          import('../../query/from-profile.js'), import('../../query/list.js'), import('../../query/filters.js'), import('../../query/go-regexp.js'),
        ]);
        const matcher = compileGoRegexp(regex, 'list');
        const filters = compileFilters(filterSpecOf(flags));
        const stacks = stacksFromProfiles(await localProfiles(files), { sampleIndex: localSampleIndex(flags), granularity: 'line', ...(filters ? { filters } : {}) });
        result = listFunctions(stacks, matcher);
      }
      const { type, unit, total, routines } = result;
      print(flags, { type, unit, total, routines }, () => renderList(result));
    });
}
