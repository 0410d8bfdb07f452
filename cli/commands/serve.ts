import type { Command } from 'commander';
import type { Disposer, RunningServer, ServerReadyContext, StartServerHooks, Stores } from '../../api/server.js';
import type { CollectorConfig } from '../../config/scrape-config-file.js';
import type { ServerOptions, ServerOptionsInput } from '../../config/server-options.js';

// The server's modules (fastify, better-sqlite3, the collector) load only when `serve` runs,
// so that the other commands start fast.
const loadServerModules = async () => {
  const [server, limits, collector, configFile, serverOptions, retention, sqlite] = await Promise.all([
    import('../../api/server.js'), import('../../codec/limits.js'), import('../../collector/start-collector.js'),
    import('../../config/scrape-config-file.js'), import('../../config/server-options.js'),
    import('../../store/retention-scheduler.js'), import('../../store/sqlite/open-sqlite-store.js'),
  ]);
  return { ...server, ...limits, ...collector, ...configFile, ...serverOptions, ...retention, ...sqlite };
};
type ServerModules = Awaited<ReturnType<typeof loadServerModules>>;

interface ServeFlags {
  config?: string;
  db?: string;
  host?: string;
  port?: string;
  retention?: string;
}

/** Opens the embedded SQLite store. */
function openSqliteStores(m: ServerModules) {
  return (dbPath: string): Stores => {
    const opened = m.openSqliteStore(dbPath);
    return { store: opened.profiles, metadata: opened.metadata };
  };
}

/**
 * Once the stores are open: rollup compaction and retention, then the collector on the same
 * stores, metrics and target events, with the config file's targets when one was given. The
 * API then reports the collector's health.
 */
function startBackgroundWork(m: ServerModules, config: CollectorConfig | undefined) {
  return async function onReady(context: ServerReadyContext): Promise<Disposer> {
    const maintenance = m.scheduleMaintenance(context.store, {
      retentionMs: context.options.retentionMs,
      onError: (err) => context.app.log.error({ err }, 'store maintenance failed'),
    });
    try {
      const collector = await m.startCollector({
        profiles: context.store, records: context.metadata, metrics: context.metrics, logger: context.app.log,
        events: context.targetEvents, configFile: context.options.configFile, config,
        limits: m.resolveLimits(context.options.limits),
      });
      context.attachCollector(collector);
      return async () => {
        maintenance.stop();
        await collector.stop();
      };
    } catch (err) {
      maintenance.stop();
      throw err;
    }
  };
}

/**
 * Options of `serve`: flags over environment over the config file's `storage` section over
 * defaults, validated once and frozen; and the config file, read once.
 */
async function serveOptions(m: ServerModules, flags: ServeFlags, env: NodeJS.ProcessEnv): Promise<{ options: ServerOptions; config?: CollectorConfig }> {
  const config = flags.config === undefined ? undefined : await m.loadConfigFile(flags.config);
  const fromFile: ServerOptionsInput = config === undefined ? {} : { dbPath: config.storage.path, retentionMs: config.storage.retentionMs };
  const options = m.resolveServerOptions(m.mergeOptionInputs(fromFile, m.optionsFromEnv(env), {
    configFile: flags.config, dbPath: flags.db, host: flags.host, port: flags.port,
    retentionMs: m.durationOption(flags.retention, '--retention'),
  }));
  return config === undefined ? { options } : { options, config };
}

/** The server as `serve` runs it: the SQLite store, its maintenance and the collector. */
function serveHooks(m: ServerModules, config?: CollectorConfig): StartServerHooks {
  return { openStores: openSqliteStores(m), onReady: startBackgroundWork(m, config) };
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
    .description('run the flamewatch server: HTTP API, collector, rollups and retention on a SQLite database')
    .option('--config <file>', 'YAML file with scrape_configs for the collector')
    .option('--db <path>', 'database file (default $FLAMEWATCH_DB or ./data/flamewatch.db)')
    .option('--host <host>', 'listen address (default $FLAMEWATCH_HOST or 127.0.0.1)')
    .option('--port <port>', 'listen port (default $FLAMEWATCH_PORT or 9740)')
    .option('--retention <duration>', 'delete profiles older than this, e.g. 36h or 30d (default $FLAMEWATCH_RETENTION or 7d)')
    .action(async (flags: ServeFlags) => {
      const m = await loadServerModules();
      const { options, config } = await serveOptions(m, flags, process.env);
      const server = await m.startServer(options, serveHooks(m, config));
      server.app.log.info({ url: server.url, db: options.dbPath }, 'flamewatch listening');
      await closeOnSignals(server);
    });
}
