import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { top } from '../../query/top.js';
import { windowStacks } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { emptyWindowHint } from '../../query/window-hint.js';
import { GranularityParam, HintSchema, WindowQuerySchema, filtersOf, granularityOf, resolveWindowQuery } from '../query-params.js';

const TopQuery = Type.Composite([WindowQuerySchema, Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'rows to return; default all' })),
  granularity: GranularityParam,
})]);
type TopQuery = Static<typeof TopQuery>;

/** A row of the top table. */
export const TopRowSchema = Type.Object({
  name: Type.String(), file: Type.String(), line: Type.Optional(Type.Integer()),
  flat: Type.Number(), flatPct: Type.Number(), sumPct: Type.Number(), cum: Type.Number(), cumPct: Type.Number(),
});

/** Response of `GET /api/v1/top`. */
export const TopResponseSchema = Type.Object({
  type: Type.String(), unit: Type.String(), total: Type.Number(), profiles: Type.Integer(), rows: Type.Array(TopRowSchema),
  hint: Type.Optional(HintSchema),
});
export type TopResponse = Static<typeof TopResponseSchema>;

/** `GET /api/v1/top`: the exact `go tool pprof -top` table of a window. */
export function registerTopRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: TopQuery }>('/api/v1/top', {
    schema: {
      tags: ['query'], summary: 'top functions of a window, as go tool pprof -top', querystring: TopQuery,
      response: { 200: TopResponseSchema, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'top' },
  }, async function topTable(request): Promise<TopResponse> {
    const query = await resolveWindowQuery(request.query, ctx);
    const { stacks, profiles } = await windowStacks(ctx.store, query, granularityOf(request.query.granularity), filtersOf(request.query));
    const result = top(stacks, { limit: request.query.limit });
    const answer = { type: query.type, unit: result.unit, total: result.total, profiles, rows: result.rows };
    return profiles === 0 ? { ...answer, hint: await emptyWindowHint(ctx.store, query) } : answer;
  });
}
