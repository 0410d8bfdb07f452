import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ParameterInvalid } from '../../common/errors.js';
import { labelSetFilter } from '../../query/filters.js';
import { valuesOfKey } from '../../query/tags.js';
import type { SeriesGrouping, WindowQuery } from '../../store/profile-store.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { WindowQuerySchema, filtersOf, resolveWindowQuery } from '../query-params.js';
import { stringEnum } from '../schema-helpers.js';
import { parseDuration } from '../../query/time-window.js';

/** Most steps one series request may ask for. */
export const MAX_STEPS = 11_000;

const SeriesQuery = Type.Composite([WindowQuerySchema, Type.Object({
  step: Type.Optional(Type.String({ minLength: 1, description: 'step of the aggregated points; default 60s' })),
  groupBy: Type.Optional(Type.String({
    minLength: 1, maxLength: 1024,
    description: 'one line per value of this label: a series label (e.g. version) or a sample label (e.g. handler)',
  })),
  groupByKind: Type.Optional(stringEnum(['series', 'sample'] as const, {
    description: 'whether groupBy names a series or a sample label; default series when a series in the window has the label, else sample',
  })),
})]);
type SeriesQuery = Static<typeof SeriesQuery>;

const SeriesResponse = Type.Array(Type.Object({
  labels: Type.Record(Type.String(), Type.String(), { description: 'the series\' labels; with groupBy, the label and its value' }),
  profiles: Type.Array(Type.Object({ id: Type.Integer(), t: Type.Number(), total: Type.Number() })),
  points: Type.Array(Type.Object({ t: Type.Number(), value: Type.Number(), profiles: Type.Integer() })),
}));

/** The grouping of a series request: by a series label or by a sample label, as asked or as found. */
async function groupingOf(q: SeriesQuery, query: WindowQuery, ctx: RouteContext): Promise<SeriesGrouping | undefined> {
  const label = q.groupBy;
  if (label === undefined) {
    if (q.groupByKind !== undefined) throw new ParameterInvalid('groupByKind', 'needs groupBy');
    return undefined;
  }
  const kind = q.groupByKind ?? ((await ctx.store.labelNames(query.fromMs, query.toMs, query.selector)).includes(label) ? 'series' : 'sample');
  return kind === 'series' ? { kind, label } : { kind, label, valuesOf: valuesOfKey(label) };
}

/** `GET /api/v1/series`: totals per profile and per step, per series or per value of a label. */
export function registerSeriesRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: SeriesQuery }>('/api/v1/series', {
    schema: {
      tags: ['query'], summary: 'totals over time, per series or per value of a series or sample label', querystring: SeriesQuery,
      response: { 200: SeriesResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'series' },
  }, async function series(request) {
    const q = request.query;
    const query = await resolveWindowQuery(q, ctx);
    const stepMs = q.step === undefined ? 60_000 : parseDuration(q.step, 'step');
    const steps = Math.ceil((query.toMs - query.fromMs) / stepMs);
    if (steps > MAX_STEPS) throw new ParameterInvalid('step', `the window would have ${steps} steps, over the limit of ${MAX_STEPS}; use a larger step`);
    for (const name of ['focus', 'ignore', 'hide', 'show'] as const) {
      if (q[name] !== undefined && q[name] !== '') {
        throw new ParameterInvalid(name, 'series totals take the label filters only (tagfocus, tagignore, sampleLabels); use it on top, flamegraph or profile');
      }
    }
    const filters = filtersOf(q);
    const labelFilter = filters === undefined ? undefined : labelSetFilter(filters);
    return ctx.store.series(labelFilter === undefined ? query : { ...query, labelFilter }, stepMs, await groupingOf(q, query, ctx));
  });
}
