import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ParameterInvalid } from '../common/errors.js';
import { labelNameProblem } from '../common/labels.js';
import type { WindowQuery } from '../store/profile-store.js';
import { parseSelector } from '../store/selector.js';
import { compileFilters } from '../query/filters.js';
import type { FilterSpec, SampleFilters } from '../query/filters.js';
import type { Granularity } from '../query/stack-set.js';
import type { RouteContext } from './dependencies.js';
import { stringEnum } from './schema-helpers.js';
import { parseWindow } from '../query/time-window.js';

const TIME_DESCRIPTION = 'RFC 3339, unix seconds, unix ms, `now` or `now-15m`';

/** `query`/`service`: which series. */
export const SelectorParams = {
  query: Type.Optional(Type.String({ description: 'Prometheus-style selector, e.g. {service="api",env="prod"}' })),
  service: Type.Optional(Type.String({ minLength: 1, description: 'shorthand for query={service="NAME"}' })),
};

/** `from`/`to`: the window; defaults to the last hour. */
export const WindowParams = {
  from: Type.Optional(Type.String({ minLength: 1, description: `start of the window (${TIME_DESCRIPTION}); default now-1h` })),
  to: Type.Optional(Type.String({ minLength: 1, description: `end of the window (${TIME_DESCRIPTION}); default now` })),
};

/** `type`: a known profile type, or a sample type of another producer's profiles (checked by {@link checkType}). */
export const TypeParam = Type.String({
  minLength: 1, maxLength: 200,
  description: 'profile type: cpu, samples, inuse_space, inuse_objects, alloc_space, alloc_objects, goroutine, block:delay, '
    + 'block:contentions, mutex:delay, mutex:contentions, or a sample type of another producer (e.g. wall); GET /api/v1/types lists them',
});

/** Throws FW_PARAMETER_INVALID listing every queryable type unless `type` is one. */
export async function checkType(type: string, store: RouteContext['store'], param = 'type'): Promise<string> {
  const names = (await store.profileTypes()).map((t) => t.name);
  if (!names.includes(type)) throw new ParameterInvalid(param, `must be one of: ${names.join(', ')}`);
  return type;
}

/** `agg`: how profiles of the window combine; default from the type (mean for snapshots). */
export const AggParam = Type.Optional(stringEnum(['sum', 'mean'] as const, {
  description: 'sum: add profiles; mean: average the snapshots of each series. Default: mean for inuse_* and goroutine, sum otherwise',
}));

export const GranularityParam = Type.Optional(stringEnum(['function', 'line'] as const, { description: 'one node per function, or per function and source line',
}));

/** `hint`: why an answer's rows are empty (no series matches, no data in the window, no function matches). */
export const HintSchema = Type.String({ description: 'why the rows are empty, e.g. no profiles for {service="hotap"} in this window; services with data: hotapp' });

/** pprof's sample filters, on every query route. */
export const FilterParams = {
  focus: Type.Optional(Type.String({ description: 'Go regex: keep samples with a frame whose function, file or binary name matches (pprof -focus)' })),
  ignore: Type.Optional(Type.String({ description: 'Go regex: drop samples with a matching frame (pprof -ignore)' })),
  hide: Type.Optional(Type.String({ description: 'Go regex: remove matching frames from stacks (pprof -hide)' })),
  show: Type.Optional(Type.String({ description: 'Go regex: keep only matching frames in stacks (pprof -show)' })),
  tagfocus: Type.Optional(Type.String({ description: 'pprof -tagfocus on sample labels: [key=]regex,regex or a numeric range such as bytes=1kb:64kb' })),
  tagignore: Type.Optional(Type.String({ description: 'pprof -tagignore on sample labels' })),
  sampleLabels: Type.Optional(Type.String({ description: 'selector on sample labels, e.g. {handler="checkout",tenant!="acme",bytes="1kb:64kb"}' })),
  relativePercentages: Type.Optional(Type.Boolean({ description: 'percentages of the filtered samples, not of all (pprof -relative_percentages)' })),
};

/** The compiled filters of a request; undefined when none is given. A bad one is FW_FILTER_INVALID naming it. */
export function filtersOf(params: FilterSpec): SampleFilters | undefined {
  const { focus, ignore, hide, show, tagfocus, tagignore, sampleLabels, relativePercentages } = params;
  return compileFilters({ focus, ignore, hide, show, tagfocus, tagignore, sampleLabels, relativePercentages });
}

/** The parameters every window query shares. */
export const WindowQuerySchema = Type.Object({
  ...SelectorParams, ...WindowParams, type: TypeParam, agg: AggParam, ...FilterParams,
});
export type WindowQueryParams = Static<typeof WindowQuerySchema>;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The selector of a request: `query` as given, with `service=NAME` added as an equality
 * matcher. `''` selects everything.
 */
export function resolveSelector(query: string | undefined, service: string | undefined, param = 'query'): string {
  const q = (query ?? '').trim();
  if (service === undefined) return q;
  const matcher = `service=${quote(service)}`;
  if (q === '') return `{${matcher}}`;
  const m = /^\{([\s\S]*)\}$/.exec(q);
  if (!m) throw new ParameterInvalid(param, `selector must be enclosed in braces, e.g. {service="api"}, got "${q}"`);
  const inner = m[1]!.trim();
  return `{${matcher}${inner === '' ? '' : `,${inner}`}}`;
}

/** Checks a selector with the store's parser, naming the request parameter on failure. */
export function checkSelector(selector: string, param = 'query'): string {
  try {
    parseSelector(selector);
  } catch (err) {
    throw new ParameterInvalid(param, err instanceof Error ? err.message : String(err));
  }
  return selector;
}

/** The checked selector of `query` and `service`. */
export function selectorOf(query: string | undefined, service: string | undefined, param = 'query'): string {
  return checkSelector(resolveSelector(query, service, param), param);
}

/** Builds the store's window query from the request's parameters. */
export async function resolveWindowQuery(params: WindowQueryParams, ctx: Pick<RouteContext, 'now' | 'store'>): Promise<WindowQuery> {
  const { fromMs, toMs } = parseWindow(params.from, params.to, ctx.now());
  const query: WindowQuery = { selector: selectorOf(params.query, params.service), type: await checkType(params.type, ctx.store), fromMs, toMs };
  if (params.agg !== undefined) query.agg = params.agg;
  return query;
}

/** Checks a label name used in a path or in `labels=`. */
export function checkLabelName(name: string, param: string): string {
  const problem = labelNameProblem(name);
  if (problem !== undefined) throw new ParameterInvalid(param, problem);
  return name;
}

/** Parses `k=v,k2=v2` into labels. */
export function parseLabelList(value: string | undefined, param: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (value === undefined || value.trim() === '') return labels;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new ParameterInvalid(param, `"${part}" is not k=v`);
    const name = checkLabelName(part.slice(0, eq).trim(), param);
    if (name in labels) throw new ParameterInvalid(param, `label "${name}" is given twice`);
    labels[name] = part.slice(eq + 1).trim();
  }
  return labels;
}

/** The granularity of a request, defaulting to function. */
export function granularityOf(value: Granularity | undefined): Granularity {
  return value ?? 'function';
}
