import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ParameterInvalid } from '../../common/errors.js';
import { compileGoRegexp } from '../../query/go-regexp.js';
import { functionPattern, lineTable } from '../../query/line-table.js';
import { listFunctions } from '../../query/list.js';
import { emptyWindowHint, noFunctionHint } from '../../query/window-hint.js';
import { windowStacks } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { HintSchema, WindowQuerySchema, filtersOf, resolveWindowQuery } from '../query-params.js';

const ListQuery = Type.Composite([WindowQuerySchema, Type.Object({
  function: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Go regular expression matched against function names, as go tool pprof -list takes (a name that is not a valid expression is matched literally): one row per source line' })),
  regex: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Go regex on function names: every match as a routine with its lines, as go tool pprof -list REGEX prints them' })),
})]);
type ListQuery = Static<typeof ListQuery>;

const Values = { flat: Type.Number(), cum: Type.Number() };
const ListResponse = Type.Union([
  Type.Object({
    type: Type.String(), unit: Type.String(), total: Type.Number(), profiles: Type.Integer(), function: Type.String(),
    rows: Type.Array(Type.Object({
      function: Type.String(), file: Type.String(), line: Type.Integer(), ...Values, flatPct: Type.Number(), cumPct: Type.Number(),
    })),
    hint: Type.Optional(HintSchema),
  }),
  Type.Object({
    type: Type.String(), unit: Type.String(), total: Type.Number(), profiles: Type.Integer(),
    routines: Type.Array(Type.Object({
      function: Type.String(), file: Type.String(), ...Values, cumPct: Type.Number(),
      lines: Type.Array(Type.Object({ line: Type.Integer(), ...Values })),
    })),
    hint: Type.Optional(HintSchema),
  }),
]);

/**
 * `GET /api/v1/list`: flat and cum per source line of one function (`function`), or of every
 * function matching `regex` (pprof `-list` without source).
 */
export function registerListRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: ListQuery }>('/api/v1/list', {
    schema: {
      tags: ['query'], summary: 'line table of one function, or of the functions matching a regex', querystring: ListQuery,
      response: { 200: ListResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'list' },
  }, async function list(request) {
    const { function: name, regex } = request.query;
    if ((name === undefined) === (regex === undefined)) throw new ParameterInvalid('function', 'give either "function" or "regex"');
    const matcher = regex === undefined ? functionPattern(name!) : compileGoRegexp(regex, 'regex');
    const query = await resolveWindowQuery(request.query, ctx);
    const { stacks, profiles } = await windowStacks(ctx.store, query, 'line', filtersOf(request.query));
    const answer = regex === undefined
      ? { ...lineTable(stacks, matcher), function: name!, type: query.type, profiles }
      : { ...listFunctions(stacks, matcher), type: query.type, profiles };
    if (profiles === 0) return { ...answer, hint: await emptyWindowHint(ctx.store, query) };
    const found = 'rows' in answer ? answer.rows.length : answer.routines.length;
    return found === 0 ? { ...answer, hint: noFunctionHint(stacks, name ?? regex!) } : answer;
  });
}
