import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { SelectorParams, WindowParams, selectorOf } from '../query-params.js';
import { parseWindow } from '../../query/time-window.js';

const WindowSelector = Type.Object({ ...SelectorParams, ...WindowParams });
type WindowSelector = Static<typeof WindowSelector>;

const LabelsSchema = Type.Record(Type.String(), Type.String());

const DeploysResponse = Type.Array(Type.Object({
  id: Type.Integer(), timeMs: Type.Number(), targetId: Type.String(), service: Type.String(),
  reason: Type.String({ description: 'labels-changed, restart or binary-changed' }), labelsBefore: LabelsSchema, labelsAfter: LabelsSchema,
}));

const MemStatsResponse = Type.Array(Type.Object({
  timeMs: Type.Number(), targetId: Type.String(), service: Type.String(), labels: LabelsSchema,
  values: Type.Record(Type.String(), Type.Number(), { description: 'runtime.MemStats field → value' }),
}));

/** `GET /api/v1/deploys` and `GET /api/v1/memstats`: what the collector records besides profiles. */
export function registerCollectorDataRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const window = (q: WindowSelector) => ({ selector: selectorOf(q.query, q.service), ...parseWindow(q.from, q.to, ctx.now()) });

  app.get<{ Querystring: WindowSelector }>('/api/v1/deploys', {
    schema: { tags: ['catalog'], summary: 'deploys and restarts seen by the collector', querystring: WindowSelector, response: { 200: DeploysResponse, ...errorResponses(400, 401) } },
    config: { access: 'read', queryRoute: 'deploys' },
  }, async function deploys(request) {
    const w = window(request.query);
    return ctx.metadata.listDeploys(w.selector, w.fromMs, w.toMs);
  });

  app.get<{ Querystring: WindowSelector }>('/api/v1/memstats', {
    schema: { tags: ['catalog'], summary: 'runtime.MemStats readings from heap?debug=1', querystring: WindowSelector, response: { 200: MemStatsResponse, ...errorResponses(400, 401) } },
    config: { access: 'read', queryRoute: 'memstats' },
  }, async function memstats(request) {
    const w = window(request.query);
    return ctx.metadata.listMemStats(w.selector, w.fromMs, w.toMs);
  });
}
