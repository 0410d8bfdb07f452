import { resolveLimits } from '../codec/limits.js';
import type { Disposer, ServerReadyContext } from '../api/server.js';
import { startCollector } from './start-collector.js';

/**
 * The serve command's `onReady` hook: starts the collector on the server's stores, metrics
 * and target events, with the `--config` file when given, and reports health to the API.
 * Wire it with `setServeHooks({ onReady: collectorOnReady })`.
 */
export async function collectorOnReady(context: ServerReadyContext): Promise<Disposer> {
  const running = await startCollector({
    store: context.store,
    metadata: context.metadata,
    metrics: context.metrics,
    logger: context.app.log,
    events: context.targetEvents,
    configFile: context.options.configFile,
    limits: resolveLimits(context.options.limits),
  });
  context.setHealthSource(running);
  return () => running.stop();
}
