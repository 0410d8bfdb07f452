import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readProfiles } from '../read-profiles.js';

/** `flamewatch merge -o OUT FILE...`: one gzip'd pprof file holding the sum of the inputs. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge pprof files into one (same sample types required)')
    .argument('<files...>', 'pprof files')
    .requiredOption('-o, --output <file>', 'where to write the merged profile')
    .action(async (files: string[], flags: { output: string }) => {
      const [{ encodeProfile }, { mergeProfiles }] = await Promise.all([import('../../codec/encode.js'), import('../../codec/merge.js')]);
      const merged = mergeProfiles(await readProfiles(files));
      await writeFile(flags.output, encodeProfile(merged));
    });
}
