import type { FastifyInstance } from 'fastify';
import { encodeProfile } from '../../codec/encode.js';
import { emptyWindowHint } from '../../query/window-hint.js';
import { windowProfile } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { filterProfiles } from '../../query/filters.js';
import { WindowQuerySchema, filtersOf, resolveWindowQuery } from '../query-params.js';
import type { WindowQueryParams } from '../query-params.js';

/**
 * `GET /api/v1/profile`: the merged window as a gzip'd pprof file with the one selected
 * sample type, so that `go tool pprof URL` works.
 */
export function registerProfileRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: WindowQueryParams }>('/api/v1/profile', {
    schema: {
      tags: ['query'], summary: 'merged window as gzip\'d pprof (application/octet-stream), for go tool pprof',
      querystring: WindowQuerySchema, produces: ['application/octet-stream'], response: errorResponses(400, 401),
    },
    config: { access: 'read', queryRoute: 'profile' },
  }, async function profile(request, reply) {
    const query = await resolveWindowQuery(request.query, ctx);
    const merged = await windowProfile(ctx.store, query, filtersOf(request.query));
    const [filtered] = filterProfiles([merged.profile], merged.filters);
    const bytes = encodeProfile(filtered!);
    if (merged.profiles === 0) void reply.header('x-flamewatch-hint', encodeURIComponent(await emptyWindowHint(ctx.store, query)));
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${query.type.replace(/[^A-Za-z0-9_]/g, '_')}.pb.gz"`)
      .header('x-flamewatch-profiles', String(merged.profiles))
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
