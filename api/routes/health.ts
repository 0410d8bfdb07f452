import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';

/** `GET /healthz`: liveness, always open. */
export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/healthz', {
    schema: { tags: ['meta'], summary: 'liveness', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    config: { access: 'open' },
  }, async function healthz() {
    return { status: 'ok' as const };
  });
}
