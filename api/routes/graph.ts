import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DEFAULTS } from '../../config/defaults.js';
import { callGraph } from '../../query/call-graph.js';
import { windowProfile } from '../../query/window-stacks.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { renderSvg } from '../graphviz.js';
import { GranularityParam, WindowQuerySchema, filtersOf, granularityOf, resolveWindowQuery } from '../query-params.js';
import { stringEnum } from '../schema-helpers.js';

const { graph: G } = DEFAULTS.query;

const GraphQuery = Type.Composite([WindowQuerySchema, Type.Object({
  format: Type.Optional(stringEnum(['dot', 'svg', 'json'] as const, { description: 'dot (Graphviz source), svg (rendered by Graphviz dot) or json; default dot' })),
  nodecount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: `nodes to show at most, 0 for all; default ${G.nodeCount}` })),
  nodefraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: `drop nodes with cum under this share; default ${G.nodeFraction}` })),
  edgefraction: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: `drop edges under this share; default ${G.edgeFraction}` })),
  granularity: GranularityParam,
})]);
type GraphQuery = Static<typeof GraphQuery>;

/** `GET /api/v1/graph`: the call graph of a window as `go tool pprof -dot` draws it (DOT, SVG or JSON). */
export function registerGraphRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: GraphQuery }>('/api/v1/graph', {
    schema: {
      tags: ['query'], summary: 'call graph of a window, as go tool pprof -dot (format=dot|svg|json)', querystring: GraphQuery,
      produces: ['text/vnd.graphviz', 'image/svg+xml', 'application/json'], response: errorResponses(400, 401, 501),
    },
    config: { access: 'read', queryRoute: 'graph' },
  }, async function graph(request, reply) {
    const q = request.query;
    const query = await resolveWindowQuery(q, ctx);
    const window = await windowProfile(ctx.store, query, filtersOf(q));
    const { filters } = window;
    const { view, dot } = callGraph([window.profile], {
      granularity: granularityOf(q.granularity), ...(filters ? { filters } : {}),
      nodeCount: q.nodecount ?? G.nodeCount, nodeFraction: q.nodefraction ?? G.nodeFraction, edgeFraction: q.edgefraction ?? G.edgeFraction,
    });
    const format = q.format ?? 'dot';
    if (format === 'json') return { ...view, type: query.type, profiles: window.profiles };
    if (format === 'svg') return reply.type('image/svg+xml').send(await renderSvg(dot));
    return reply.type('text/vnd.graphviz; charset=utf-8').send(dot);
  });
}
