import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { seriesLabels } from '../../collector/scrape-target.js';
import { HealthBook, UNKNOWN_HEALTH } from '../../collector/target-health.js';
import { targetKey } from '../../codec/identity.js';
import { SeriesLabelsRefused, TargetExists, TargetFromConfigFile, TargetNotFound } from '../../common/errors.js';
import { labelSetProblem } from '../../common/labels.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import {
  TargetCreateSchema, TargetPatchSchema, TargetViewSchema, targetFromCreate, targetFromPatch, viewTarget,
} from '../target-input.js';
import type { TargetCreateBody, TargetPatchBody, TargetView } from '../target-input.js';
import type { Target, TargetInput } from '../../config/target.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, description: 'target id' }) });
type IdParams = Static<typeof IdParams>;

/** Target CRUD: `/api/v1/targets` and `/api/v1/targets/:id`. Every change is published to the collector. */
export function registerTargetRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { metadata, targetEvents } = ctx;
  /**
   * Targets as the API shows them, with their health: the local collector's when it scrapes the
   * target, else the stored one (another replica's collector scrapes it), else unknown.
   */
  const viewer = async (): Promise<(t: Target) => TargetView> => {
    const stored = HealthBook.fromRecords(await metadata.listHealth());
    return (t) => viewTarget(t, ctx.collector.health(t.id) ?? stored.health(t.id) ?? UNKNOWN_HEALTH);
  };
  const fromConfig = (id: string): Target | undefined => ctx.collector.configTargets().find((t) => t.id === id);
  const existing = async (id: string): Promise<Target> => {
    const t = (await metadata.getTarget(id)) ?? fromConfig(id);
    if (!t) throw new TargetNotFound(id);
    return t;
  };
  const changeable = async (id: string): Promise<Target> => {
    const t = await existing(id);
    if (t.source === 'config') throw new TargetFromConfigFile(id);
    return t;
  };
  const write = { access: 'write' as const, rateLimit: ctx.writeRateLimit };
  /** Throws 409 FW_TARGET_EXISTS when another target already scrapes the same service, URL and path prefix. */
  const unique = async (input: TargetInput, exceptId?: string): Promise<TargetInput> => {
    const key = targetKey(input);
    const other = [...await metadata.targetsWithKey(key), ...ctx.collector.configTargets()].find((t) => t.id !== exceptId && targetKey(t) === key);
    if (other) throw new TargetExists(other.id, `service "${input.service}" at ${input.url}${input.pathPrefix}`);
    return input;
  };
  /** A target whose profiles the store would refuse for their labels is refused now, not at every scrape. */
  const storable = (t: TargetInput): TargetInput => {
    const problem = labelSetProblem(seriesLabels(t), ctx.seriesLimits);
    if (problem !== undefined) throw new SeriesLabelsRefused(problem);
    return t;
  };

  app.post<{ Body: TargetCreateBody }>('/api/v1/targets', {
    schema: {
      tags: ['targets'], summary: 'register a scrape target', body: TargetCreateSchema,
      response: { 201: TargetViewSchema, ...errorResponses(400, 401, 409, 429) },
    },
    config: write,
  }, async function createTarget(request, reply) {
    const input = storable(await unique(targetFromCreate(request.body)));
    ctx.addressPolicy.checkUrl(input.url);
    const target = await metadata.createTarget(input);
    targetEvents.publish({ type: 'created', target });
    // A new id has no stored health yet: no need to read every target's.
    return reply.code(201).send(viewTarget(target, ctx.collector.health(target.id) ?? UNKNOWN_HEALTH));
  });

  app.get('/api/v1/targets', {
    schema: { tags: ['targets'], summary: 'list targets with their health', response: { 200: Type.Array(TargetViewSchema), ...errorResponses(401) } },
    config: { access: 'read' },
  }, async function listTargets() {
    const view = await viewer();
    return [...await metadata.listTargets(), ...ctx.collector.configTargets()].map(view);
  });

  app.get<{ Params: IdParams }>('/api/v1/targets/:id', {
    schema: { tags: ['targets'], summary: 'one target', params: IdParams, response: { 200: TargetViewSchema, ...errorResponses(401, 404) } },
    config: { access: 'read' },
  }, async function getTarget(request) {
    const target = await existing(request.params.id);
    return (await viewer())(target);
  });

  app.patch<{ Params: IdParams; Body: TargetPatchBody }>('/api/v1/targets/:id', {
    schema: {
      tags: ['targets'], summary: 'change some fields of a target', params: IdParams, body: TargetPatchSchema,
      response: { 200: TargetViewSchema, ...errorResponses(400, 401, 404, 409, 429) },
    },
    config: write,
  }, async function patchTarget(request) {
    const previous = await changeable(request.params.id);
    const input = storable(await unique(targetFromPatch(previous, request.body), previous.id));
    ctx.addressPolicy.checkUrl(input.url);
    const target = await metadata.updateTarget(previous.id, input);
    if (!target) throw new TargetNotFound(previous.id);
    targetEvents.publish({ type: 'updated', target, previous });
    return (await viewer())(target);
  });

  app.delete<{ Params: IdParams }>('/api/v1/targets/:id', {
    schema: { tags: ['targets'], summary: 'remove a target', params: IdParams, response: { ...errorResponses(401, 404, 409, 429) } },
    config: write,
  }, async function deleteTarget(request, reply) {
    const target = await changeable(request.params.id);
    if (!await metadata.deleteTarget(target.id)) throw new TargetNotFound(target.id);
    targetEvents.publish({ type: 'deleted', target });
    return reply.code(204).send();
  });
}
