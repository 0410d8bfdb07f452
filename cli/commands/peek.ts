import type { Command } from 'commander';
import type { PeekResult } from '../../query/peek.js';
import { filterSpecOf, fromServer, serverSampleType, localProfiles, localSampleIndex, print, windowParams, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { clientFor } from '../server-flags.js';

interface PeekFlags extends AnalysisFlags {
  lines?: boolean;
}

/** `flamewatch peek REGEX FILE...`: callers and callees of the matching functions (pprof -peek). */
export function registerPeek(program: Command): void {
  withAnalysisFlags(program
    .command('peek')
    .description('callers and callees of the functions matching REGEX, with their shares (like go tool pprof -peek)')
    .argument('<regex>', 'Go regular expression on function names')
    .argument('[files...]', 'pprof files; not with --server'), 'print JSON: {type, unit, total, shown, rows: [{name, flat, …, callers, callees}]}')
    .option('--lines', 'one node per function and source line')
    .action(async (regex: string, files: string[], flags: PeekFlags) => {
      const [{ renderPeek }, { activeFilters, compileFilters, filterProfiles }] = await Promise.all([
        import('../print-peek.js'), import('../../query/filters.js'),
      ]);
      const granularity = flags.lines ? 'line' : 'function';
      let result: PeekResult;
      if (fromServer(files, flags)) {
        result = await clientFor(flags).getJson<PeekResult>('/api/v1/peek', { ...windowParams(flags), regex, granularity });
        result.type = serverSampleType(flags);
      } else {
        const [{ peek }, { filteredTotal, selectedSampleIndex }, { compileGoRegexp }] = await Promise.all([
          import('../../query/peek.js'), import('../../query/from-profile.js'), import('../../query/go-regexp.js'),
        ]);
        const matcher = compileGoRegexp(regex, 'peek');
        const unfiltered = await localProfiles(files);
        const index = selectedSampleIndex(unfiltered, localSampleIndex(flags));
        const filters = compileFilters(filterSpecOf(flags));
        const profiles = filterProfiles(unfiltered, filters);
        result = peek({ profiles, sampleIndex: String(index), granularity }, matcher, filteredTotal(unfiltered, profiles, index, filters));
      }
      const { type, unit, total, shown, rows } = result;
      print(flags, { type, unit, total, shown, rows }, () => renderPeek(result, activeFilters(filterSpecOf(flags))));
    });
}
