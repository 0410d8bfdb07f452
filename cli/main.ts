import { Command, CommanderError } from 'commander';
import { isFlamewatchError } from '../common/errors.js';
import { VERSION } from '../common/version.js';
import { CliFailure, CliUsageError } from './cli-error.js';
import { registerDiff } from './commands/diff.js';
import { registerGraph } from './commands/graph.js';
import { registerList } from './commands/list.js';
import { registerMerge } from './commands/merge.js';
import { registerPeek } from './commands/peek.js';
import { registerServe } from './commands/serve.js';
import { registerTags } from './commands/tags.js';
import { registerTargets } from './commands/targets.js';
import { registerTop } from './commands/top.js';
import { registerUpload } from './commands/upload.js';

/** Builds the `flamewatch` command line. */
export function buildProgram(): Command {
  const program = new Command('flamewatch')
    .description('continuous profiling for Go services: collect, store and analyse pprof profiles')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError(false);
  registerTop(program);
  registerList(program);
  registerPeek(program);
  registerTags(program);
  registerGraph(program);
  registerDiff(program);
  registerMerge(program);
  registerServe(program);
  registerTargets(program);
  registerUpload(program);
  return program;
}

/** Runs the CLI; a user's mistake ends in one line on stderr and a non-zero exit, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliUsageError || err instanceof CliFailure) {
      process.stderr.write(`flamewatch: ${err.message}\n`);
      return err.exitCode;
    }
    if (isFlamewatchError(err)) {
      const code = (err as { serverCode?: string }).serverCode ?? err.code;
      process.stderr.write(`flamewatch: ${err.message} [${code}]\n`);
      return 1;
    }
    throw err;
  }
}
