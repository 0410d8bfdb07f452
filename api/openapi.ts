import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/** Where the OpenAPI document is served. */
export const OPENAPI_PATH = '/api/v1/openapi.json';

/** Registers @fastify/swagger; it collects every route's schema registered after it. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'flamewatch', version, description: 'continuous profiling for Go services: collect, store and query pprof profiles' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'FLAMEWATCH_TOKEN for writes; FLAMEWATCH_READ_TOKEN for reads when set' } },
      },
      tags: [
        { name: 'targets', description: 'scrape targets' }, { name: 'ingest', description: 'push profiles' },
        { name: 'query', description: 'analyses of a time window' }, { name: 'catalog', description: 'what is stored' },
        { name: 'meta', description: 'health, metrics, this document' },
      ],
    },
    hideUntagged: false,
  });
}

/** `GET /api/v1/openapi.json`: the generated document, always open. */
export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get(OPENAPI_PATH, { schema: { hide: true }, config: { access: 'open' } }, async function openapi() {
    return app.swagger();
  });
}
