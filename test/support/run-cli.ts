import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `flamewatch` CLI (bin/flamewatch.js) with the given arguments. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'flamewatch.js'), ...args], {
    encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** CLI flags for filters given as `{focus: 'x', tagfocus: 'k=v'}`: `--focus x --tagfocus k=v`. */
export function filterFlags(filters: Readonly<Record<string, string | undefined>> = {}): string[] {
  return Object.entries(filters).flatMap(([k, v]) => (v === undefined ? [] : [`--${k}`, v]));
}
