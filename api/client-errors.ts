import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { BadRequest, HeadersTooLarge, RequestTimeout } from '../common/errors.js';
import type { FlamewatchError } from '../common/errors.js';

/**
 * Node answers errors below the request level (a request not received within the request
 * timeout, headers over the size limit, a malformed request) by itself, before any route runs.
 * This handler answers them with the JSON error shape and a catalogued code, as every other
 * error: 408 FW_REQUEST_TIMEOUT, 431 FW_HEADERS_TOO_LARGE, 400 FW_BAD_REQUEST.
 */
export function clientErrorHandler(requestTimeoutMs: number) {
  return function handleClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const error: FlamewatchError = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new RequestTimeout(requestTimeoutMs)
      : err.code === 'HPE_HEADER_OVERFLOW' ? new HeadersTooLarge()
        : new BadRequest(err.code ?? err.message);
    this.log.debug({ err }, 'client error');
    const statusCode = error.statusCode ?? 400;
    const body = JSON.stringify({ error: error.code, message: error.message, statusCode });
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // Send the answer, then close: at once if the client is slow to read it.
    socket.setTimeout(1000, () => socket.destroy());
    socket.end(`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] ?? ''}\r\nConnection: close\r\n`
      + `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
}
