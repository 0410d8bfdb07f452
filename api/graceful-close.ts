import type { FastifyInstance } from 'fastify';

/**
 * Lets `app.close()` finish as soon as in-flight requests are answered: once closing starts,
 * every response carries `Connection: close`, so keep-alive clients do not hold the server open
 * until their idle timeout.
 */
export function closeConnectionsOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', function markClosing(done) {
    closing = true;
    done();
  });
  app.addHook('onSend', function closeAfterResponse(_request, reply, payload, done) {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
}
