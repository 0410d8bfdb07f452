import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ParameterInvalid } from '../../common/errors.js';
import { diffStacks } from '../../query/diff.js';
import { compileSampleLabels } from '../../query/tag-filter.js';
import type { DiffNode, DiffRow } from '../../query/diff.js';
import { emptyWindowHint } from '../../query/window-hint.js';
import { windowStacks } from '../../query/window-stacks.js';
import type { WindowQuery } from '../../store/profile-store.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { AggParam, FilterParams, GranularityParam, SelectorParams, TypeParam, checkType, filtersOf, granularityOf, selectorOf } from '../query-params.js';
import { parseTime, parseWindow } from '../../query/time-window.js';

const time = (description: string) => Type.String({ minLength: 1, description });

const DiffQuery = Type.Object({
  ...SelectorParams,
  type: TypeParam,
  agg: AggParam,
  from: Type.Optional(time('start of the current window; default now-1h')),
  to: Type.Optional(time('end of the current window; default now')),
  baseQuery: Type.Optional(Type.String({ description: 'selector of the base; default the current selector' })),
  baseService: Type.Optional(Type.String({ minLength: 1, description: 'shorthand for baseQuery={service="NAME"}' })),
  baseFrom: Type.Optional(time('start of the base window; default: the current window, when baseQuery or baseService is given')),
  baseTo: Type.Optional(time('end of the base window; default baseFrom plus the length of the current window')),
  normalize: Type.Optional(Type.Boolean({ default: false, description: 'scale the base to the current total first (pprof -normalize)' })),
  granularity: GranularityParam,
  ...FilterParams,
  baseSampleLabels: Type.Optional(Type.String({
    description: 'selector on sample labels for the base instead of sampleLabels, e.g. base {handler="search"} against sampleLabels={handler="checkout"}',
  })),
});
type DiffQuery = Static<typeof DiffQuery>;

export interface DiffResponse {
  type: string;
  unit: string;
  base: { total: number; profiles: number };
  current: { total: number; profiles: number };
  baseScale: number;
  rows: DiffRow[];
  root: DiffNode;
  /** Why a side is empty, when one is. */
  hint?: string;
}

/**
 * The base and current window queries of a diff request. Without `baseFrom` the base is the
 * current window of another selector (`baseQuery` or `baseService`) or of other sample labels
 * (`baseSampleLabels`).
 */
export async function diffWindows(q: DiffQuery, ctx: Pick<RouteContext, 'now' | 'store'>): Promise<{ base: WindowQuery; current: WindowQuery }> {
  const nowMs = ctx.now();
  const currentWindow = parseWindow(q.from, q.to, nowMs);
  const selector = selectorOf(q.query, q.service);
  const sameSelector = q.baseQuery === undefined && q.baseService === undefined;
  const baseSelector = sameSelector ? selector : selectorOf(q.baseQuery, q.baseService, 'baseQuery');
  let baseWindow = currentWindow;
  if (q.baseFrom === undefined) {
    if (q.baseTo !== undefined) throw new ParameterInvalid('baseTo', 'needs baseFrom');
    if (sameSelector && q.baseSampleLabels === undefined) {
      throw new ParameterInvalid('baseFrom', 'is required unless baseQuery, baseService or baseSampleLabels selects another base for the same window');
    }
  } else if (q.baseTo === undefined) {
    const baseFromMs = parseTime(q.baseFrom, 'baseFrom', nowMs);
    baseWindow = { fromMs: baseFromMs, toMs: baseFromMs + (currentWindow.toMs - currentWindow.fromMs) };
  } else {
    baseWindow = parseWindow(q.baseFrom, q.baseTo, nowMs, { from: 'baseFrom', to: 'baseTo' });
  }
  const common = { type: await checkType(q.type, ctx.store), ...(q.agg === undefined ? {} : { agg: q.agg }) };
  return {
    base: { selector: baseSelector, ...baseWindow, ...common },
    current: { selector, ...currentWindow, ...common },
  };
}

/** `GET /api/v1/diff`: current − base per function and per flame node. */
export function registerDiffRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: DiffQuery }>('/api/v1/diff', {
    schema: {
      tags: ['query'], summary: 'difference between a base window and a current window (go tool pprof -diff_base)',
      querystring: DiffQuery, response: errorResponses(400, 401),
    },
    config: { access: 'read', queryRoute: 'diff' },
  }, async function diff(request): Promise<DiffResponse> {
    const { base, current } = await diffWindows(request.query, ctx);
    const granularity = granularityOf(request.query.granularity);
    const q = request.query;
    const filters = filtersOf(q);
    // A bad base selector is named as such before it is compiled as the base's sampleLabels.
    if (q.baseSampleLabels !== undefined) compileSampleLabels('baseSampleLabels', q.baseSampleLabels);
    const baseFilters = q.baseSampleLabels === undefined ? filters : filtersOf({ ...q, sampleLabels: q.baseSampleLabels });
    const [b, c] = await Promise.all([
      windowStacks(ctx.store, base, granularity, baseFilters), windowStacks(ctx.store, current, granularity, filters),
    ]);
    const result = diffStacks(b.stacks, c.stacks, { normalize: request.query.normalize ?? false });
    const answer: DiffResponse = {
      type: current.type, unit: result.unit,
      base: { total: result.base.total, profiles: b.profiles }, current: { total: result.current.total, profiles: c.profiles },
      baseScale: result.baseScale, rows: result.rows, root: result.root,
    };
    if (c.profiles === 0) answer.hint = await emptyWindowHint(ctx.store, current);
    else if (b.profiles === 0) answer.hint = `base: ${await emptyWindowHint(ctx.store, base)}`;
    return answer;
  });
}
