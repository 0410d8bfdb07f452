import type { FastifyInstance, onResponseHookHandler } from 'fastify';
import type { FlamewatchMetrics } from '../common/metrics.js';
import type { ProfileReader } from '../store/profile-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Name under which the route's latency is recorded in flamewatch_query_duration_seconds. */
    queryRoute?: string;
  }
}

/** Records the latency of query routes (those with `config.queryRoute`). */
export function queryLatencyHook(metrics: FlamewatchMetrics): onResponseHookHandler {
  return function recordQueryLatency(request, reply, done) {
    const route = request.routeOptions.config.queryRoute;
    if (route !== undefined) metrics.queryDuration.observe({ route }, reply.elapsedTime / 1000);
    done();
  };
}

/** `GET /metrics`: Prometheus text exposition of the registry, always open. */
export function registerMetricsRoute(app: FastifyInstance, metrics: FlamewatchMetrics, store: Pick<ProfileReader, 'sizeBytes'>): void {
  metrics.setDatabaseSizeSource(() => store.sizeBytes());
  app.get('/metrics', {
    schema: { tags: ['meta'], summary: 'Prometheus metrics', produces: ['text/plain'] },
    config: { access: 'open' },
  }, async function exposeMetrics(_request, reply) {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
