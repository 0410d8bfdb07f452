import type { Command } from 'commander';
import { stacksFromProfiles } from '../../query/from-profile.js';
import { top } from '../../query/top.js';
import { parseCount } from '../parse-options.js';
import { renderTop } from '../print-top.js';
import { readProfiles } from '../read-profiles.js';

interface TopFlags {
  json?: boolean;
  sampleIndex?: string;
  lines?: boolean;
  nodecount?: number;
}

/** `flamewatch top FILE...`: the `go tool pprof -top` table of local profiles, merged. */
export function registerTop(program: Command): void {
  program
    .command('top')
    .description('print the top functions of one or more pprof files, merged (like go tool pprof -top)')
    .argument('<files...>', 'pprof files (gzip or plain protobuf)')
    .option('--json', 'print JSON: {type, unit, total, rows}')
    .option('--sample-index <name>', 'sample type, e.g. cpu, alloc_space, inuse_objects')
    .option('--lines', 'one row per function and source line')
    .option('-n, --nodecount <n>', 'print only the first N rows', parseCount)
    .action(async (files: string[], flags: TopFlags) => {
      const profiles = await readProfiles(files);
      const stacks = stacksFromProfiles(profiles, {
        sampleIndex: flags.sampleIndex, granularity: flags.lines ? 'line' : 'function',
      });
      const result = top(stacks, { limit: flags.nodecount });
      process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : renderTop(result));
    });
}
