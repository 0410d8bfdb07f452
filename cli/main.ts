import { Command, CommanderError } from 'commander';
import { isFlamewatchError } from '../common/errors.js';
import { VERSION } from '../common/version.js';
import { CliFailure, CliUsageError } from './cli-error.js';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when the command runs (or for the help that lists them
 * all): `flamewatch top FILE` then loads top's modules, not the server's or upload's.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  top: async () => (await import('./commands/top.js')).registerTop,
  list: async () => (await import('./commands/list.js')).registerList,
  peek: async () => (await import('./commands/peek.js')).registerPeek,
  tags: async () => (await import('./commands/tags.js')).registerTags,
  graph: async () => (await import('./commands/graph.js')).registerGraph,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  merge: async () => (await import('./commands/merge.js')).registerMerge,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  targets: async () => (await import('./commands/targets.js')).registerTargets,
  upload: async () => (await import('./commands/upload.js')).registerUpload,
};

/** Builds the `flamewatch` command line: every command, or only `only` when it names one. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('flamewatch')
    .description('continuous profiling for Go services: collect, store and analyse pprof profiles')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError(false);
  const names = only !== undefined && Object.hasOwn(COMMANDS, only) ? [only] : Object.keys(COMMANDS);
  for (const register of await Promise.all(names.map((name) => COMMANDS[name]!()))) register(program);
  return program;
}

/** Runs the CLI; a user's mistake ends in one line on stderr and a non-zero exit, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv[0])).parseAsync(argv, { from: 'user' });
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
