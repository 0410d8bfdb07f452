import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DEFAULTS } from '../../config/defaults.js';
import { flameGraph, trimFlame } from '../../query/flame.js';
import type { FlameNode } from '../../query/flame.js';
import { emptyWindowHint } from '../../query/window-hint.js';
import { windowStacks } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { GranularityParam, WindowQuerySchema, filtersOf, granularityOf, resolveWindowQuery } from '../query-params.js';

/** The largest node count of a flame graph response. */
export const MAX_MAX_NODES = 100_000;

const FlameQuery = Type.Composite([WindowQuerySchema, Type.Object({
  maxNodes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_MAX_NODES, description: `nodes to keep, heaviest first; default ${DEFAULTS.query.flameMaxNodes}` })),
  granularity: GranularityParam,
})]);
type FlameQuery = Static<typeof FlameQuery>;

export interface FlameResponse {
  type: string;
  unit: string;
  total: number;
  profiles: number;
  root: FlameNode;
  /** Why the graph is empty, when it is. */
  hint?: string;
}

/** `GET /api/v1/flamegraph`: the flame tree of a window, trimmed to `maxNodes` with honest `(other)` nodes. */
export function registerFlamegraphRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: FlameQuery }>('/api/v1/flamegraph', {
    schema: {
      tags: ['query'], summary: 'flame graph of a window: {type, unit, total, profiles, root: {name, self, total, children}}',
      querystring: FlameQuery, response: errorResponses(400, 401),
    },
    config: { access: 'read', queryRoute: 'flamegraph' },
  }, async function flamegraph(request): Promise<FlameResponse> {
    const query = await resolveWindowQuery(request.query, ctx);
    const { stacks, profiles } = await windowStacks(ctx.store, query, granularityOf(request.query.granularity), filtersOf(request.query));
    const graph = flameGraph(stacks);
    const root = trimFlame(graph.root, request.query.maxNodes ?? DEFAULTS.query.flameMaxNodes);
    const answer = { type: query.type, unit: graph.unit, total: graph.total, profiles, root };
    return profiles === 0 ? { ...answer, hint: await emptyWindowHint(ctx.store, query) } : answer;
  });
}
