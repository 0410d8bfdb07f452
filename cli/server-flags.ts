import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { DEFAULTS } from '../config/defaults.js';
import { FlamewatchClient } from './http-client.js';
import type { ClientOptions } from './http-client.js';

/** Environment variables the client commands read. */
export const CLIENT_ENV = Object.freeze({ server: 'FLAMEWATCH_SERVER', token: 'FLAMEWATCH_TOKEN' });

export interface ServerFlags {
  server?: string;
  token?: string;
}

/** Adds `--server URL` and `--token TOKEN` to a command. */
export function withServerFlags(command: Command, serverHelp = `flamewatch server URL (default $${CLIENT_ENV.server} or ${DEFAULTS.client.server})`): Command {
  return command
    .option('--server <url>', serverHelp)
    .option('--token <token>', `bearer token (default $${CLIENT_ENV.token})`);
}

/** A client for the server named by the flags or the environment; `extra` adds client options (retries). */
export function clientFor(flags: ServerFlags, env: NodeJS.ProcessEnv = process.env, extra: Partial<ClientOptions> = {}): FlamewatchClient {
  return new FlamewatchClient({
    ...extra,
    server: flags.server ?? env[CLIENT_ENV.server] ?? DEFAULTS.client.server,
    token: flags.token ?? env[CLIENT_ENV.token],
  });
}

/** Collects a repeatable `k=v` option into a record. */
export function collectLabel(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected k=v, got "${value}"`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}
