import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ParameterInvalid } from '../../common/errors.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { SelectorParams, TypeParam, WindowParams, checkLabelName, checkType, selectorOf } from '../query-params.js';
import { stringEnum } from '../schema-helpers.js';
import { labelKeyValues, labelKeys } from '../../query/tags.js';
import { parseWindow } from '../../query/time-window.js';

const TypesQuery = Type.Object({ ...SelectorParams, ...WindowParams });
type TypesQuery = Static<typeof TypesQuery>;
const LabelsQuery = Type.Object({
  ...WindowParams,
  kind: Type.Optional(stringEnum(['series', 'sample', 'all'] as const, {
    description: 'series: labels of series (the default); sample: labels of samples (pprof labels, e.g. handler); all: {series, sample}',
  })),
  ...SelectorParams,
  type: Type.Optional({ ...TypeParam, description: 'sample labels of this profile type only' }),
});
type LabelsQuery = Static<typeof LabelsQuery>;
const NameParams = Type.Object({ name: Type.String({ minLength: 1, description: 'label name' }) });
type NameParams = Static<typeof NameParams>;
const Names = Type.Array(Type.String());
const LabelsResponse = Type.Union([Names, Type.Object({
  series: Names, sample: Names,
}, { description: 'with kind=all: the series labels and the sample labels' })]);

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

  /** The window, selector, kind and sample label sets (unless only series labels are asked for) of a labels request. */
  const labelsOf = async (q: LabelsQuery) => {
    const { fromMs, toMs } = parseWindow(q.from, q.to, ctx.now());
    const kind = q.kind ?? 'series';
    const selector = selectorOf(q.query, q.service);
    if (kind === 'series' && q.type !== undefined) throw new ParameterInvalid('type', 'selects sample labels only: add kind=sample or kind=all');
    const sets = kind === 'series' ? [] : await ctx.store.sampleLabelSets(selector, fromMs, toMs, q.type === undefined ? undefined : await checkType(q.type, ctx.store));
    return { fromMs, toMs, selector, kind, sets };
  };

  app.get<{ Querystring: LabelsQuery }>('/api/v1/labels', {
    schema: {
      tags: ['catalog'], summary: 'label names in the window: of series, of samples, or both', querystring: LabelsQuery,
      response: { 200: LabelsResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'labels' },
  }, async function labelNames(request) {
    const { fromMs, toMs, selector, kind, sets } = await labelsOf(request.query);
    if (kind === 'sample') return labelKeys(sets);
    const series = await ctx.store.labelNames(fromMs, toMs, selector);
    return kind === 'all' ? { series, sample: labelKeys(sets) } : series;
  });

  app.get<{ Querystring: LabelsQuery; Params: NameParams }>('/api/v1/labels/:name/values', {
    schema: {
      tags: ['catalog'], summary: 'values of one label in the window: of series, of samples (numbers as pprof -tags prints them), or both',
      params: NameParams, querystring: LabelsQuery, response: { 200: LabelsResponse, ...errorResponses(400, 401) },
    },
    config: { access: 'read', queryRoute: 'label-values' },
  }, async function labelValues(request) {
    const { name } = request.params;
    const { fromMs, toMs, selector, kind, sets } = await labelsOf(request.query);
    if (kind === 'sample') return labelKeyValues(sets, name);
    const series = await ctx.store.labelValues(checkLabelName(name, 'name'), fromMs, toMs, selector);
    return kind === 'all' ? { series, sample: labelKeyValues(sets, name) } : series;
  });
}
