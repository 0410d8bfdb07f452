import type { FastifyInstance } from 'fastify';
import { encodeProfile } from '../../codec/encode.js';
import { withSamples } from '../../codec/profile-columns.js';
import type { Profile } from '../../codec/profile.js';
import type { RouteContext } from '../dependencies.js';
import { errorResponses } from '../error-schema.js';
import { filterProfiles } from '../../query/filters.js';
import { WindowQuerySchema, filtersOf, resolveWindowQuery } from '../query-params.js';
import type { WindowQueryParams } from '../query-params.js';

/**
 * `GET /api/v1/profile`: the merged window as a gzip'd pprof file with the one selected
 * sample type, so that `go tool pprof URL` works.
 */
export function registerProfileRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Querystring: WindowQueryParams }>('/api/v1/profile', {
    schema: {
      tags: ['query'], summary: 'merged window as gzip\'d pprof (application/octet-stream), for go tool pprof',
      querystring: WindowQuerySchema, produces: ['application/octet-stream'], response: errorResponses(400, 401),
    },
    config: { access: 'read', queryRoute: 'profile' },
  }, async function profile(request, reply) {
    const query = resolveWindowQuery(request.query, ctx.now());
    const merged = ctx.store.window(query);
    const [filtered] = filterProfiles([merged.profile], filtersOf(request.query)) as [Profile];
    const bytes = encodeProfile(merged.agg === 'mean' ? roundedMeans(filtered) : filtered);
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${query.type.replace(/[^A-Za-z0-9_]/g, '_')}.pb.gz"`)
      .header('x-flamewatch-profiles', String(merged.profiles))
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

/** pprof values are integers: a mean of snapshots is rounded per stack, and stacks that round to 0 are left out. */
function roundedMeans(profile: Profile): Profile {
  const keep: number[] = [];
  const values: number[] = [];
  const { count, values: exact } = profile.samples;
  for (let i = 0; i < count; i++) {
    const v = Math.round(exact[i]!);
    if (v === 0) continue;
    keep.push(i);
    values.push(v);
  }
  return withSamples(profile, [0], keep, Float64Array.from(values), profile.defaultSampleType);
}
