import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { filterProfiles } from '../../query/filters.js';
import { tagBreakdown } from '../../query/tags.js';
import { windowProfile } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { WindowQuerySchema, filtersOf, resolveWindowQuery } from '../query-params.js';

const TagsResponse = Type.Object({
  type: Type.String(), unit: Type.String(), profiles: Type.Integer(),
  keys: Type.Array(Type.Object({
    key: Type.String(), total: Type.Number(),
    values: Type.Array(Type.Object({ value: Type.String(), total: Type.Number(), pct: Type.Number() })),
  })),
});
type WindowQuery = Static<typeof WindowQuerySchema>;

/** `GET /api/v1/tags`: each sample label of the window with each value's total and share (`go tool pprof -tags`). */
export function registerTagsRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: WindowQuery }>('/api/v1/tags', {
    schema: {
      tags: ['query'], summary: 'sample labels of a window and each value\'s share, as go tool pprof -tags', querystring: WindowQuerySchema,
      response: { 200: TagsResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'tags' },
  }, async function tags(request) {
    const query = await resolveWindowQuery(request.query, ctx);
    const window = await windowProfile(ctx.store, query, filtersOf(request.query));
    const result = tagBreakdown(filterProfiles([window.profile], window.filters));
    return { ...result, type: query.type, profiles: window.profiles };
  });
}
