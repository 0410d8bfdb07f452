import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { inlineDecoder } from '../codec/decode-pool.js';
import type { ProfileDecoder } from '../codec/decode-pool.js';
import type { DecodeLimits } from '../codec/limits.js';
import { RateLimited } from '../common/errors.js';
import type { SeriesLimits } from '../common/labels.js';
import { createMetrics } from '../common/metrics.js';
import { VERSION } from '../common/version.js';
import type { FlamewatchMetrics } from '../common/metrics.js';
import { AddressPolicy } from '../config/address-policy.js';
import { DEFAULTS } from '../config/defaults.js';
import { authHook } from './auth.js';
import type { Tokens } from './auth.js';
import { clientErrorHandler } from './client-errors.js';
import { NO_COLLECTOR } from './collector-view.js';
import type { CollectorView } from './collector-view.js';
import type { ApiMetadataStore, ApiProfileStore, RouteContext } from './dependencies.js';
import { formatSchemaError, installErrorHandler } from './error-handler.js';
import { closeConnectionsOnShutdown } from './graceful-close.js';
import { queryLatencyHook, registerMetricsRoute } from './metrics.js';
import { registerOpenApi, registerOpenApiRoute } from './openapi.js';
import { registerCatalogRoutes } from './routes/catalog.js';
import { registerCollectorDataRoutes } from './routes/collector-data.js';
import { registerDiffRoutes } from './routes/diff.js';
import { registerDiscoveryRoutes } from './routes/discovery.js';
import { registerFlamegraphRoutes } from './routes/flamegraph.js';
import { registerGraphRoutes } from './routes/graph.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerIngestRoutes, PROFILE_CONTENT_TYPE } from './routes/ingest.js';
import { registerListRoutes } from './routes/list.js';
import { registerPeekRoutes } from './routes/peek.js';
import { registerProfileRoutes } from './routes/profile.js';
import { registerSeriesRoutes } from './routes/series.js';
import { registerTagsRoutes } from './routes/tags.js';
import { registerTargetRoutes } from './routes/targets.js';
import { registerTopRoutes } from './routes/top.js';
import { registerStaticUi } from './static-ui.js';
import { TargetEvents } from './target-events.js';
import { refuseUnknownQueryParameters } from './unknown-parameters.js';

/** The dependencies of the HTTP API; tests pass real stores in a temp dir and use `app.inject`. */
export interface AppDependencies {
  store: ApiProfileStore;
  metadata: ApiMetadataStore;
  /** Decoder limits; the ingest body limit is `maxCompressedBytes`. */
  limits: Readonly<DecodeLimits>;
  /** Decodes pushed profiles; default on the calling thread (`inlineDecoder`). */
  decoder?: ProfileDecoder;
  tokens: Readonly<Tokens>;
  /** A pino-compatible logger, `{level}` for fastify's own, or false for none (the default). */
  logger?: FastifyBaseLogger | { level: string } | false;
  /** Target health and config-file targets, from the collector; without one every target is "unknown". */
  collector?: CollectorView;
  /** Target changes are published here; created when not given. */
  targetEvents?: TargetEvents;
  /** Metrics registry shared with the collector; a fresh one when not given. */
  metrics?: FlamewatchMetrics;
  /** Time a request may take (socket level, only when listening). */
  requestTimeoutMs?: number;
  /** Writes allowed per client and window. */
  writeRateLimit?: { max: number; timeWindowMs: number };
  /** Series limits of the store, checked on targets' labels when they are registered. */
  seriesLimits?: Readonly<SeriesLimits>;
  /** The clock; injectable for tests. */
  now?: () => number;
  /** Version reported in the OpenAPI document; default flamewatch's own (package.json). */
  version?: string;
  /** Addresses targets may have; default: link-local and cloud metadata refused. */
  addressPolicy?: AddressPolicy;
}

/** Content types whose answers are compressed: JSON, text (DOT, metrics) and SVG. */
const COMPRESSED_TYPES = /^(?:application\/(?:[\w.+-]+\+)?json|text\/(?!event-stream)|image\/svg\+xml)/;

/** Routes that monitoring polls: their requests are logged at debug level only. */
const QUIET_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/metrics']);

function loggerOption(logger: AppDependencies['logger']): { loggerInstance: FastifyBaseLogger } | { logger: boolean | { level: string } } {
  if (!logger) return { logger: false };
  if ('info' in logger && typeof logger.info === 'function') return { loggerInstance: logger };
  return { logger: { level: logger.level } };
}

function routeContext(deps: AppDependencies): RouteContext {
  const limit = deps.writeRateLimit ?? DEFAULTS.server.writeRateLimit;
  return Object.freeze({
    store: deps.store, metadata: deps.metadata, limits: deps.limits, decoder: deps.decoder ?? inlineDecoder,
    collector: deps.collector ?? NO_COLLECTOR, targetEvents: deps.targetEvents ?? new TargetEvents(),
    metrics: deps.metrics ?? createMetrics({ processMetrics: false }), now: deps.now ?? Date.now,
    addressPolicy: deps.addressPolicy ?? new AddressPolicy(),
    writeRateLimit: Object.freeze({ max: limit.max, timeWindow: limit.timeWindowMs }),
    seriesLimits: deps.seriesLimits ?? DEFAULTS.server.seriesLimits,
  });
}

/** Accepts raw profile bodies as Buffers; their size is capped per route by `bodyLimit`. */
function addProfileParser(app: FastifyInstance): void {
  app.addContentTypeParser(PROFILE_CONTENT_TYPE, { parseAs: 'buffer' }, function parseProfileBody(_request, body, done) {
    done(null, body);
  });
}

function registerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  registerHealthRoutes(app, ctx.store);
  registerMetricsRoute(app, ctx.metrics, ctx.store);
  registerOpenApiRoute(app);
  registerTargetRoutes(app, ctx);
  registerIngestRoutes(app, ctx);
  registerTopRoutes(app, ctx);
  registerFlamegraphRoutes(app, ctx);
  registerListRoutes(app, ctx);
  registerDiffRoutes(app, ctx);
  registerProfileRoutes(app, ctx);
  registerSeriesRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerGraphRoutes(app, ctx);
  registerTagsRoutes(app, ctx);
  registerPeekRoutes(app, ctx);
  registerCollectorDataRoutes(app, ctx);
  registerDiscoveryRoutes(app, ctx);
}

/**
 * Builds the flamewatch HTTP API on injected dependencies. Nothing listens: call `listen`, or
 * `inject` in tests. The instance is decorated with `targetEvents`, which the collector follows.
 */
export function buildApp(deps: AppDependencies): FastifyInstance {
  const ctx = routeContext(deps);
  const requestTimeout = deps.requestTimeoutMs ?? DEFAULTS.server.requestTimeoutMs;
  const app = fastify({
    ...loggerOption(deps.logger),
    // Probes (/healthz, /metrics) are logged at debug level by quietProbeLogging, not at info.
    logController: new fastify.LogController({ disableRequestLogging: (request: { url?: string }) => QUIET_ROUTES.has((request.url ?? '').split('?')[0]!) }),
    requestTimeout,
    // Node checks request timeouts every connectionsCheckingInterval (30 s by default), and
    // only once headersTimeout (60 s by default) has passed too: both follow the request timeout.
    http: {
      headersTimeout: Math.min(60_000, requestTimeout),
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))),
    },
    clientErrorHandler: clientErrorHandler(requestTimeout),
    schemaErrorFormatter: formatSchemaError,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.decorate('targetEvents', ctx.targetEvents);
  installErrorHandler(app);
  refuseUnknownQueryParameters(app);
  addProfileParser(app);
  app.addHook('onRequest', authHook(deps.tokens));
  app.addHook('onResponse', queryLatencyHook(ctx.metrics));
  app.addHook('onResponse', function quietProbeLogging(request, reply, done) {
    if (QUIET_ROUTES.has(request.url.split('?')[0]!)) {
      request.log.debug({ url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime }, 'request completed');
    }
    done();
  });
  closeConnectionsOnShutdown(app);
  void registerOpenApi(app, deps.version ?? VERSION);
  // JSON, text and SVG answers gzip'd (or deflated) when the client accepts it; brotli's default
  // quality costs far more CPU per answer than it saves. Not the pprof export (octet-stream, a
  // .pb.gz already); the web UI's files come pre-compressed (static-ui.ts).
  void app.register(compress, { encodings: ['gzip', 'deflate'], threshold: DEFAULTS.server.compressMinBytes, customTypes: COMPRESSED_TYPES });
  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new RateLimited(context.after),
  });
  void app.register(async function routes(instance) {
    registerRoutes(instance, ctx);
  });
  void app.register(registerStaticUi);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Target changes made through the API. */
    targetEvents: TargetEvents;
  }
}
