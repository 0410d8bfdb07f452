import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ParameterInvalid } from '../../common/errors.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { WindowQuerySchema, resolveWindowQuery } from '../query-params.js';
import { parseDuration } from '../../query/time-window.js';

/** Most steps one series request may ask for. */
export const MAX_STEPS = 11_000;

const SeriesQuery = Type.Composite([WindowQuerySchema, Type.Object({
  step: Type.Optional(Type.String({ minLength: 1, description: 'step of the aggregated points; default 60s' })),
})]);
type SeriesQuery = Static<typeof SeriesQuery>;

const SeriesResponse = Type.Array(Type.Object({
  labels: Type.Record(Type.String(), Type.String()),
  profiles: Type.Array(Type.Object({ id: Type.Integer(), t: Type.Number(), total: Type.Number() })),
  points: Type.Array(Type.Object({ t: Type.Number(), value: Type.Number(), profiles: Type.Integer() })),
}));

/** `GET /api/v1/series`: totals per profile and per step, per series. */
export function registerSeriesRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: SeriesQuery }>('/api/v1/series', {
    schema: {
      tags: ['query'], summary: 'totals over time, per series', querystring: SeriesQuery,
      response: { 200: SeriesResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'series' },
  }, async function series(request) {
    const query = await resolveWindowQuery(request.query, ctx);
    const stepMs = request.query.step === undefined ? 60_000 : parseDuration(request.query.step, 'step');
    const steps = Math.ceil((query.toMs - query.fromMs) / stepMs);
    if (steps > MAX_STEPS) throw new ParameterInvalid('step', `the window would have ${steps} steps, over the limit of ${MAX_STEPS}; use a larger step`);
    return ctx.store.series(query, stepMs);
  });
}
