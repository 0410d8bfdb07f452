import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar } from 'fastify/types/schema.js';
import {
  BodyTooLarge, InternalError, ParameterInvalid, RouteNotFound, UnsupportedMediaType, isFlamewatchError,
} from '../common/errors.js';
import type { FlamewatchError } from '../common/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The content type a route's body must have, for the 415 message; default application/json. */
    accepts?: string;
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  /** Stable code from common/errors.ts, e.g. FW_PARAMETER_INVALID. */
  error: string;
  message: string;
  statusCode: number;
}

function describeValidation(e: FastifySchemaValidationError): [string | undefined, string] {
  const params = e.params as Record<string, unknown>;
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'required') return [path ? `${path}.${String(params['missingProperty'])}` : String(params['missingProperty']), 'is required'];
  if (e.keyword === 'additionalProperties') return [String(params['additionalProperty']), 'is not a known field'];
  if (e.keyword === 'enum') return [path, `must be one of: ${(params['allowedValues'] as unknown[]).join(', ')}`];
  return [path, e.message ?? 'is invalid'];
}

/**
 * Turns a schema validation failure into FW_PARAMETER_INVALID naming the parameter (or body
 * field) and why. Used as fastify's `schemaErrorFormatter`.
 */
export function formatSchemaError(errors: FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): Error {
  const [name, why] = describeValidation(errors[0]!);
  return new ParameterInvalid(name || dataVar, why);
}

/** Maps fastify's own client errors onto the catalogue. */
function fromFastify(err: FastifyError, request: FastifyRequest): FlamewatchError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BodyTooLarge(request.routeOptions.bodyLimit ?? 0);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaType(request.headers['content-type'] ?? '', request.routeOptions.config.accepts ?? 'application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ParameterInvalid('body', err.message);
    default:
      return undefined;
  }
}

function send(reply: FastifyReply, err: FlamewatchError): void {
  const statusCode = err.statusCode ?? 500;
  const body: ErrorBody = { error: err.code, message: err.message, statusCode };
  reply.status(statusCode).type('application/json; charset=utf-8').send(body);
}

/**
 * Installs the one error handler and the not-found handler: catalogued errors become
 * `{error, message, statusCode}` with their status; anything else is logged and answered 500
 * FW_INTERNAL without details.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(function handleError(err: FastifyError, request, reply) {
    const raw: unknown = err;
    if (isFlamewatchError(raw)) return send(reply, raw);
    const mapped = fromFastify(err, request);
    if (mapped) return send(reply, mapped);
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, { name: 'Error', code: err.code ?? 'FW_BAD_REQUEST', message: err.message, statusCode: err.statusCode });
    }
    request.log.error({ err }, 'request failed');
    send(reply, new InternalError());
  });
  app.setNotFoundHandler(function handleNotFound(request, reply) {
    send(reply, new RouteNotFound(request.method, request.url.split('?')[0]!));
  });
}
