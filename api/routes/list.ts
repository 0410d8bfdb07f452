import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { functionPattern, lineTable } from '../../query/line-table.js';
import { emptyWindowHint, noFunctionHint } from '../../query/window-hint.js';
import { windowStacks } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { HintSchema, WindowQuerySchema, resolveWindowQuery } from '../query-params.js';

const ListQuery = Type.Composite([WindowQuerySchema, Type.Object({
  function: Type.String({ minLength: 1, maxLength: 1000, description: 'regular expression matched against function names, as go tool pprof -list takes (a name that is not a valid expression is matched literally)' }),
})]);
type ListQuery = Static<typeof ListQuery>;

const ListResponse = Type.Object({
  type: Type.String(), unit: Type.String(), total: Type.Number(), profiles: Type.Integer(), function: Type.String(),
  rows: Type.Array(Type.Object({
    function: Type.String(), file: Type.String(), line: Type.Integer(), flat: Type.Number(), flatPct: Type.Number(), cum: Type.Number(), cumPct: Type.Number(),
  })),
  hint: Type.Optional(HintSchema),
});

/** `GET /api/v1/list`: flat and cum per source line of one function (pprof `list` without source). */
export function registerListRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: ListQuery }>('/api/v1/list', {
    schema: {
      tags: ['query'], summary: 'line table of one function', querystring: ListQuery,
      response: { 200: ListResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'list' },
  }, async function list(request) {
    const query = await resolveWindowQuery(request.query, ctx);
    const { stacks, profiles } = await windowStacks(ctx.store, query, 'line');
    const table = lineTable(stacks, functionPattern(request.query.function));
    const answer = { ...table, function: request.query.function, type: query.type, profiles };
    if (profiles === 0) return { ...answer, hint: await emptyWindowHint(ctx.store, query) };
    return table.rows.length === 0 ? { ...answer, hint: noFunctionHint(stacks, request.query.function) } : answer;
  });
}
