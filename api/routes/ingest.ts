import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnsupportedMediaType } from '../../common/errors.js';
import type { Labels } from '../../common/labels.js';
import type { ProfileKind } from '../../common/profile-types.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { parseLabelList } from '../query-params.js';
import { stringEnum } from '../schema-helpers.js';
import { parseTime } from '../../query/time-window.js';

/** Content type of a pushed profile. */
export const PROFILE_CONTENT_TYPE = 'application/octet-stream';

const IngestQuery = Type.Object({
  service: Type.String({ minLength: 1, maxLength: 200, description: 'service name; becomes the `service` label' }),
  labels: Type.Optional(Type.String({ description: 'extra labels, k=v,k2=v2' })),
  at: Type.Optional(Type.String({ minLength: 1, description: 'time of the profile; default its time_nanos, else now' })),
  kind: Type.Optional(stringEnum(['cpu', 'heap', 'goroutine', 'block', 'mutex'] as const, {
    description: 'which Go profile this is; inferred from the sample types when absent (block and mutex look alike)',
  })),
});
type IngestQuery = Static<typeof IngestQuery>;

const IngestResponse = Type.Object({
  ids: Type.Array(Type.Integer()),
  type: Type.String({ description: 'the kind the profile was stored as' }),
  types: Type.Array(Type.String(), { description: 'API type names the profile answers' }),
});

function profileBytes(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw new UnsupportedMediaType(request.headers['content-type'] ?? '(none)', PROFILE_CONTENT_TYPE);
  return request.body;
}

function ingestLabels(query: IngestQuery): Labels {
  const labels = parseLabelList(query.labels, 'labels');
  return { ...labels, service: query.service };
}

/** `POST /api/v1/ingest`: push one pprof profile (gzip'd or not) for a service. */
export function registerIngestRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Querystring: IngestQuery }>('/api/v1/ingest', {
    schema: {
      tags: ['ingest'],
      summary: 'push a pprof profile (body: raw pprof, gzip or not, application/octet-stream); 201 when stored, 200 with the stored id when the same bytes, labels and time were pushed before',
      querystring: IngestQuery,
      response: { 200: IngestResponse, 201: IngestResponse, ...errorResponses(400, 401, 413, 415, 429) },
    },
    bodyLimit: ctx.limits.maxCompressedBytes,
    config: { access: 'write', rateLimit: ctx.writeRateLimit, accepts: PROFILE_CONTENT_TYPE },
  }, async function ingest(request, reply) {
    const bytes = profileBytes(request);
    const labels = ingestLabels(request.query);
    const timeMs = request.query.at === undefined ? undefined : parseTime(request.query.at, 'at', ctx.now());
    const profile = await ctx.decoder.decode(bytes, ctx.limits);
    const kind: ProfileKind | undefined = request.query.kind;
    const result = await ctx.store.ingest({ profile, labels, kind, timeMs, receivedBytes: bytes.length, content: bytes });
    ctx.metrics.ingestBytes.inc({ source: 'push' }, bytes.length);
    if (result.created) ctx.metrics.ingestProfiles.inc({ source: 'push', kind: result.kind });
    return reply.code(result.created ? 201 : 200).send({ ids: [result.id], type: result.kind, types: result.types });
  });
}
