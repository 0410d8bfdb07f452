import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { Disposer, RunningServer, ServerReadyContext, StartServerHooks, Stores } from '../../api/server.js';
import { resolveLimits } from '../../codec/limits.js';
import type { CollectorConfig } from '../../config/scrape-config-file.js';
import type { ServerOptions, ServerOptionsInput } from '../../config/server-options.js';

/**
 * The server's parts, loaded only when `serve` runs: the other commands (top, upload, …) then
 * start without loading fastify, SQLite and the collector.
 */
async function serverParts() {
  const [server, collector, maintenance, sqlite, clickhouse, configFile, serverOptions, addressPolicy] = await Promise.all([
    import('../../api/server.js'), import('../../collector/start-collector.js'),
    import('../../store/retention-scheduler.js'), import('../../store/sqlite/open-sqlite-store.js'),
    import('../../store/clickhouse/open-clickhouse-store.js'),
    import('../../config/scrape-config-file.js'), import('../../config/server-options.js'),
    import('../../config/address-policy.js'),
  ]);
  return {
    startServer: server.startServer, startCollector: collector.startCollector, AddressPolicy: addressPolicy.AddressPolicy,
    scheduleMaintenance: maintenance.scheduleMaintenance, openSqliteStore: sqlite.openSqliteStore,
    openClickHouseStore: clickhouse.openClickHouseStore, loadConfigFile: configFile.loadConfigFile, ...serverOptions,
  };
}
type ServerParts = Awaited<ReturnType<typeof serverParts>>;

interface ServeFlags {
  config?: string;
  db?: string;
  host?: string;
  port?: string;
  retention?: string;
  retentionMinutes?: string;
  retentionHours?: string;
  targetAllow?: string;
  targetDeny?: string;
  writeRateLimit?: string;
  maxSeries?: string;
  maxLabelsPerSeries?: string;
  maxLabelValueLength?: string;
  maxDbBytes?: string;
  decodeWorkers?: string;
  clickhouse?: string;
  clickhouseDatabase?: string;
  clickhouseCluster?: string;
  shard?: string;
  collector?: boolean;
  secretKeyFile?: string;
}

/**
 * Opens the embedded SQLite store with the options' series limits and size cap; discarding it
 * deletes the database file when this opened it new.
 */
function openSqliteStores(parts: ServerParts, options: ServerOptions, dbPath: string): Stores {
  const isNew = dbPath !== ':memory:' && !existsSync(dbPath);
  const opened = parts.openSqliteStore(dbPath, {
    seriesLimits: options.seriesLimits, maxDatabaseBytes: options.maxDatabaseBytes, secretKeyFile: options.secretKeyFile,
  });
  const discard = () => {
    if (isNew) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  };
  return { store: opened.profiles, metadata: opened.metadata, discard };
}

/** Opens the ClickHouse store of the options (every replica of one store shares its data and key file). */
async function openClickHouseStores(parts: ServerParts, options: ServerOptions): Promise<Stores> {
  const opened = await parts.openClickHouseStore(options.clickhouse!, {
    seriesLimits: options.seriesLimits, maxDatabaseBytes: options.maxDatabaseBytes,
    secretKeyFile: options.secretKeyFile ?? join(dirname(options.dbPath), 'flamewatch.key'),
  });
  return { store: opened.profiles, metadata: opened.metadata };
}

/** A URL without its password, for logs. */
function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** Without a config file there is nothing to reload: SIGHUP is logged and ignored instead of ending the process. */
function ignoreSighup(server: RunningServer): () => void {
  const onHup = () => server.app.log.info('SIGHUP ignored: no --config file to reload');
  process.on('SIGHUP', onHup);
  return () => { process.off('SIGHUP', onHup); };
}

/**
 * Once the stores are open: rollup compaction and retention, then the collector on the same
 * stores, metrics and target events, with the config file's targets when one was given. The
 * API then reports the collector's health. With `--no-collector` (an API-only replica) none
 * of it runs; of sharded collectors, shard 0 runs the maintenance of the shared store.
 */
function startBackgroundWork(parts: ServerParts, config: CollectorConfig | undefined) {
  return async function onReady(context: ServerReadyContext): Promise<Disposer | undefined> {
    const { options } = context;
    if (!options.collector) return undefined;
    const maintenance = (options.shard?.index ?? 0) !== 0 ? undefined : parts.scheduleMaintenance(context.store, {
      retention: { rawMs: options.retentionMs, minuteMs: options.minuteRetentionMs, hourMs: options.hourRetentionMs },
      onError: (err) => context.app.log.error({ err }, 'store maintenance failed'),
    });
    try {
      const collector = await parts.startCollector({
        profiles: context.store, records: context.metadata, metrics: context.metrics, logger: context.app.log,
        events: context.targetEvents, configFile: options.configFile, config,
        limits: resolveLimits(options.limits), decoder: context.decoder, addressPolicy: new parts.AddressPolicy(options.targetAddresses),
        shard: options.shard, pollTargets: options.clickhouse !== undefined,
      });
      context.attachCollector(collector);
      return async () => {
        maintenance?.stop();
        await collector.stop();
      };
    } catch (err) {
      maintenance?.stop();
      throw err;
    }
  };
}

/**
 * Options of `serve`: flags over environment over the config file's `storage` section over
 * defaults, validated once and frozen; and the config file, read once.
 */
async function serveOptions(parts: ServerParts, flags: ServeFlags, env: NodeJS.ProcessEnv): Promise<{ options: ServerOptions; config?: CollectorConfig }> {
  const {
    loadConfigFile, resolveServerOptions, mergeOptionInputs, optionsFromEnv, durationOption, listOption, targetAddressesOption,
    rateLimitOption, seriesLimitsOption, clickhouseOption, shardOption,
  } = parts;
  const config = flags.config === undefined ? undefined : await loadConfigFile(flags.config);
  const fromFile: ServerOptionsInput = config === undefined ? {} : {
    dbPath: config.storage.path, retentionMs: config.storage.retentionMs, minuteRetentionMs: config.storage.minuteRetentionMs,
    hourRetentionMs: config.storage.hourRetentionMs, targetAddresses: config.targetAddresses,
    clickhouse: config.storage.clickhouse === undefined ? undefined : clickhouseOption(config.storage.clickhouse),
    secretKeyFile: config.storage.secretKeyFile,
  };
  const fromEnv = optionsFromEnv(env);
  const targetAddresses = targetAddressesOption(
    { allow: listOption(flags.targetAllow), deny: listOption(flags.targetDeny) },
    (fromEnv.targetAddresses ?? {}) as { allow?: readonly string[]; deny?: readonly string[] }, config?.targetAddresses ?? {},
  );
  const options = resolveServerOptions(mergeOptionInputs(fromFile, fromEnv, {
    configFile: flags.config, dbPath: flags.db, host: flags.host, port: flags.port,
    retentionMs: durationOption(flags.retention, '--retention'),
    minuteRetentionMs: durationOption(flags.retentionMinutes, '--retention-minutes'),
    hourRetentionMs: durationOption(flags.retentionHours, '--retention-hours'), targetAddresses,
    writeRateLimit: rateLimitOption(flags.writeRateLimit, '--write-rate-limit'),
    seriesLimits: seriesLimitsOption({
      maxSeries: flags.maxSeries, maxLabelsPerSeries: flags.maxLabelsPerSeries, maxLabelValueLength: flags.maxLabelValueLength,
    }),
    maxDatabaseBytes: flags.maxDbBytes, decodeWorkers: flags.decodeWorkers,
    clickhouse: clickhouseOption({ url: flags.clickhouse, database: flags.clickhouseDatabase, cluster: flags.clickhouseCluster }),
    shard: shardOption(flags.shard, '--shard'),
    collector: flags.collector === false ? false : undefined,
    secretKeyFile: flags.secretKeyFile,
  }));
  return config === undefined ? { options } : { options, config };
}

/** The server as `serve` runs it: the SQLite store, its maintenance and the collector. */
function serveHooks(parts: ServerParts, options: ServerOptions, config?: CollectorConfig): StartServerHooks {
  return {
    openStores: (dbPath) => (options.clickhouse === undefined ? openSqliteStores(parts, options, dbPath) : openClickHouseStores(parts, options)),
    onReady: startBackgroundWork(parts, config),
  };
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
    .option('--retention <duration>', 'delete raw profiles older than this, e.g. 36h or 7d (default $FLAMEWATCH_RETENTION or 2d)')
    .option('--retention-minutes <duration>', 'delete minute rollups older than this (default $FLAMEWATCH_RETENTION_MINUTES or 14d)')
    .option('--retention-hours <duration>', 'delete hour rollups and deploy markers older than this (default $FLAMEWATCH_RETENTION_HOURS or 365d)')
    .option('--target-allow <cidrs>', 'comma-separated CIDR ranges targets may be at, e.g. 169.254.10.0/24 (default $FLAMEWATCH_TARGET_ALLOW)')
    .option('--target-deny <cidrs>', 'comma-separated CIDR ranges targets may not be at, e.g. 10.0.0.0/8 (default $FLAMEWATCH_TARGET_DENY)')
    .option('--write-rate-limit <rate>', 'writes per client: N per minute, or N/DURATION such as 100/1s (default $FLAMEWATCH_WRITE_RATE_LIMIT or 6000)')
    .option('--max-series <n>', 'distinct series the store holds (default $FLAMEWATCH_MAX_SERIES or 100000)')
    .option('--max-labels-per-series <n>', 'labels in one series (default $FLAMEWATCH_MAX_LABELS_PER_SERIES or 64)')
    .option('--max-label-value-length <n>', 'characters in one label value (default $FLAMEWATCH_MAX_LABEL_VALUE_LENGTH or 1024)')
    .option('--decode-workers <n>', 'threads decoding profiles, 0 for the main thread (default $FLAMEWATCH_DECODE_WORKERS or one per core)')
    .option('--max-db-bytes <n>', 'cap on the database file; past it writes answer 507 (default $FLAMEWATCH_MAX_DB_BYTES or none)')
    .option('--clickhouse <urls>', 'store in ClickHouse at these HTTP URLs instead of SQLite: one server, or every shard of --clickhouse-cluster (default $FLAMEWATCH_CLICKHOUSE_URL)')
    .option('--clickhouse-database <name>', 'ClickHouse database, created when missing (default $FLAMEWATCH_CLICKHOUSE_DATABASE or flamewatch)')
    .option('--clickhouse-cluster <name>', 'cluster of remote_servers to spread the tables over (default $FLAMEWATCH_CLICKHOUSE_CLUSTER)')
    .option('--shard <i/N>', 'scrape only shard i of N of the targets, by a hash of service and URL (default $FLAMEWATCH_SHARD)')
    .option('--no-collector', 'serve the API only: no scrapes, rollups or retention (a replica of a shared store)')
    .option('--secret-key-file <path>', 'key file sealing targets\' secrets; replicas share it (default $FLAMEWATCH_SECRET_KEY_FILE, or beside the database)')
    .action(async (flags: ServeFlags) => {
      const parts = await serverParts();
      const { options, config } = await serveOptions(parts, flags, process.env);
      const server = await parts.startServer(options, serveHooks(parts, options, config));
      const unhook = options.configFile === undefined ? ignoreSighup(server) : () => {};
      const store = options.clickhouse === undefined ? { db: options.dbPath } : { clickhouse: options.clickhouse.urls.map(redactedUrl), database: options.clickhouse.database };
      server.app.log.info({ url: server.url, ...store, shard: options.shard, collector: options.collector }, 'flamewatch listening');
      await closeOnSignals(server);
      unhook();
    });
}
