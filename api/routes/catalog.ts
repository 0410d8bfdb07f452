import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { SelectorParams, WindowParams, checkLabelName, selectorOf } from '../query-params.js';
import { parseWindow } from '../../query/time-window.js';

const TypesQuery = Type.Object({ ...SelectorParams, ...WindowParams });
type TypesQuery = Static<typeof TypesQuery>;
const WindowOnly = Type.Object(WindowParams);
type WindowOnly = Static<typeof WindowOnly>;
const NameParams = Type.Object({ name: Type.String({ minLength: 1, description: 'label name' }) });
type NameParams = Static<typeof NameParams>;

const TypesResponse = Type.Object({
  known: Type.Array(Type.Object({
    name: Type.String(), kind: Type.String(), sampleType: Type.String(), unit: Type.String(),
    aggregation: Type.String(), snapshot: Type.Boolean(),
  }), { description: 'every type the API answers' }),
  present: Type.Array(Type.Object({
    type: Type.String(), unit: Type.String(), profiles: Type.Integer(), period: Type.Number(), periodType: Type.String(),
    firstMs: Type.Number(), lastMs: Type.Number(),
  }), { description: 'types with profiles in the window' }),
});

/** `GET /api/v1/types`, `/api/v1/labels` and `/api/v1/labels/:name/values`: what is stored. */
export function registerCatalogRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: TypesQuery }>('/api/v1/types', {
    schema: { tags: ['catalog'], summary: 'known profile types and those present in the window', querystring: TypesQuery, response: { 200: TypesResponse, ...errorResponses(400, 401) } },
    config: { access: 'read', queryRoute: 'types' },
  }, async function types(request) {
    const { fromMs, toMs } = parseWindow(request.query.from, request.query.to, ctx.now());
    const selector = selectorOf(request.query.query, request.query.service);
    const [known, present] = await Promise.all([ctx.store.profileTypes(), ctx.store.types(selector, fromMs, toMs)]);
    return { known, present };
  });

  app.get<{ Querystring: WindowOnly }>('/api/v1/labels', {
    schema: { tags: ['catalog'], summary: 'label names in the window', querystring: WindowOnly, response: { 200: Type.Array(Type.String()), ...errorResponses(400, 401) } },
    config: { access: 'read', queryRoute: 'labels' },
  }, async function labelNames(request) {
    const { fromMs, toMs } = parseWindow(request.query.from, request.query.to, ctx.now());
    return ctx.store.labelNames(fromMs, toMs);
  });

  app.get<{ Querystring: WindowOnly; Params: NameParams }>('/api/v1/labels/:name/values', {
    schema: {
      tags: ['catalog'], summary: 'values of one label in the window', params: NameParams, querystring: WindowOnly,
      response: { 200: Type.Array(Type.String()), ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'label-values' },
  }, async function labelValues(request) {
    const name = checkLabelName(request.params.name, 'name');
    const { fromMs, toMs } = parseWindow(request.query.from, request.query.to, ctx.now());
    return ctx.store.labelValues(name, fromMs, toMs);
  });
}
