import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { filterProfiles } from '../../query/filters.js';
import { filteredTotal } from '../../query/from-profile.js';
import { compileGoRegexp } from '../../query/go-regexp.js';
import { peek } from '../../query/peek.js';
import { windowProfile } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { GranularityParam, WindowQuerySchema, filtersOf, granularityOf, resolveWindowQuery } from '../query-params.js';

const PeekQuery = Type.Composite([WindowQuerySchema, Type.Object({
  regex: Type.String({ minLength: 1, description: 'Go regex on node names, as go tool pprof -peek REGEX' }),
  granularity: GranularityParam,
})]);
type PeekQuery = Static<typeof PeekQuery>;

const Edge = Type.Object({ name: Type.String(), weight: Type.Number(), pct: Type.Number(), inline: Type.Boolean() });
const PeekResponse = Type.Object({
  type: Type.String(), unit: Type.String(), total: Type.Number(), shown: Type.Number(), profiles: Type.Integer(),
  rows: Type.Array(Type.Object({
    name: Type.String(), flat: Type.Number(), flatPct: Type.Number(), sumPct: Type.Number(), cum: Type.Number(), cumPct: Type.Number(),
    callers: Type.Array(Edge), callees: Type.Array(Edge),
  })),
});

/** `GET /api/v1/peek`: callers and callees of the matching nodes with their shares (`go tool pprof -peek`). */
export function registerPeekRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: PeekQuery }>('/api/v1/peek', {
    schema: {
      tags: ['query'], summary: 'callers and callees of the functions matching a regex, as go tool pprof -peek', querystring: PeekQuery,
      response: { 200: PeekResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'peek' },
  }, async function peekRoute(request) {
    const regex = compileGoRegexp(request.query.regex, 'regex');
    const query = await resolveWindowQuery(request.query, ctx);
    const window = await windowProfile(ctx.store, query, filtersOf(request.query));
    const { filters } = window;
    const profiles = filterProfiles([window.profile], filters);
    const total = filteredTotal([window.profile], profiles, 0, filters);
    const result = peek({ profiles, granularity: granularityOf(request.query.granularity) }, regex, total);
    return { ...result, type: query.type, profiles: window.profiles };
  });
}
