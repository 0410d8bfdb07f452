import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { StorageHealth } from '../../store/profile-store.js';

const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], { description: 'degraded: the server answers reads, but writes fail' }),
  problems: Type.Optional(Type.Array(Type.String(), { description: 'what is degraded, e.g. storage full' })),
});

/**
 * `GET /healthz`: liveness, always open and never rate limited. Answers 200 while the process
 * serves; `degraded` (still 200: reads work, restarting would not free space) while the store
 * refuses writes for want of space.
 */
export function registerHealthRoutes(app: FastifyInstance, storage: StorageHealth): void {
  app.get('/healthz', {
    schema: { tags: ['meta'], summary: 'liveness, and what is degraded', response: { 200: HealthResponse } },
    config: { access: 'open' },
  }, async function healthz() {
    const full = storage.storageProblem();
    return full === undefined ? { status: 'ok' as const } : { status: 'degraded' as const, problems: [`storage full: ${full}`] };
  });
}
