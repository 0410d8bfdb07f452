import type { Command } from 'commander';
import { startServer } from '../../api/server.js';
import type { RunningServer, StartServerHooks } from '../../api/server.js';
import { collectorOnReady } from '../../collector/serve-hook.js';
import { mergeOptionInputs, optionsFromEnv, resolveServerOptions } from '../../config/server-options.js';
import type { ServerOptions } from '../../config/server-options.js';

interface ServeFlags {
  config?: string;
  db?: string;
  host?: string;
  port?: string;
}

/** The serve hooks: by default the collector starts on the server's store once it is ready. */
let serveHooks: StartServerHooks = { onReady: collectorOnReady };

/** Replaces the serve hooks (embedding, tests): `setServeHooks({ onReady })`. */
export function setServeHooks(hooks: StartServerHooks): void {
  serveHooks = hooks;
}

/** Options of `serve`: flags over environment over defaults, validated once and frozen. */
export function serveOptions(flags: ServeFlags, env: NodeJS.ProcessEnv): ServerOptions {
  return resolveServerOptions(mergeOptionInputs(optionsFromEnv(env), {
    configFile: flags.config, dbPath: flags.db, host: flags.host, port: flags.port,
  }));
}

/**
 * Closes the server on the first SIGTERM or SIGINT (in-flight requests finish, the database
 * closes); a second signal exits at once.
 */
export function closeOnSignals(server: RunningServer): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`flamewatch: ${signal} again, exiting now\n`);
        process.exit(130);
      }
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        resolve();
      }, reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** `flamewatch serve`: the API server (and, when configured, the collector) on one database. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the flamewatch server: HTTP API on a SQLite database')
    .option('--config <file>', 'YAML file with scrape_configs for the collector')
    .option('--db <path>', 'database file (default $FLAMEWATCH_DB or ./data/flamewatch.db)')
    .option('--host <host>', 'listen address (default $FLAMEWATCH_HOST or 127.0.0.1)')
    .option('--port <port>', 'listen port (default $FLAMEWATCH_PORT or 9740)')
    .action(async (flags: ServeFlags) => {
      const options = serveOptions(flags, process.env);
      const server = await startServer(options, serveHooks);
      server.app.log.info({ url: server.url, db: options.dbPath }, 'flamewatch listening');
      await closeOnSignals(server);
    });
}
