import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';

const DiscoveryResponse = Type.Array(Type.Object({
  job: Type.String(),
  mechanism: Type.String({ description: 'file_sd, http_sd or dns_sd' }),
  source: Type.String({ description: 'the file patterns, URL or DNS name' }),
  targets: Type.Integer({ description: 'addresses in the current target groups' }),
  lastRefreshAt: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'why the last refresh failed; the last good groups are kept' }),
}));

/** `GET /api/v1/discovery`: each service discovery of the config file and how it is doing. */
export function registerDiscoveryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/v1/discovery', {
    schema: { tags: ['targets'], summary: 'service discovery of the scrape config file', response: { 200: DiscoveryResponse, ...errorResponses(401) } },
    config: { access: 'read' },
  }, async function discovery() {
    return ctx.collector.discovery?.() ?? [];
  });
}
