import type { Command } from 'commander';
import type { TagsResult } from '../../query/tags.js';
import { filterSpecOf, fromServer, serverSampleType, localProfiles, localSampleIndex, print, windowParams, withAnalysisFlags } from '../analysis-flags.js';
import type { AnalysisFlags } from '../analysis-flags.js';
import { clientFor } from '../server-flags.js';

/** `flamewatch tags FILE...`: each sample label, each value's total and share (pprof -tags). */
export function registerTags(program: Command): void {
  withAnalysisFlags(program
    .command('tags')
    .description('sample labels with each value\'s total and share (like go tool pprof -tags)')
    .argument('[files...]', 'pprof files; not with --server'), 'print JSON: {type, unit, keys: [{key, total, values: [{value, total, pct}]}]}')
    .action(async (files: string[], flags: AnalysisFlags) => {
      const { renderTags } = await import('../print-tags.js');
      let result: TagsResult;
      if (fromServer(files, flags)) {
        result = await clientFor(flags).getJson<TagsResult>('/api/v1/tags', windowParams(flags));
        result.type = serverSampleType(flags);
      } else {
        const [{ tagBreakdown }, { compileFilters, filterProfiles }] = await Promise.all([
          import('../../query/tags.js'), import('../../query/filters.js'),
        ]);
        const profiles = filterProfiles(await localProfiles(files), compileFilters(filterSpecOf(flags)));
        result = tagBreakdown(profiles, localSampleIndex(flags));
      }
      const { type, unit, keys } = result;
      print(flags, { type, unit, keys }, () => renderTags(result));
    });
}
