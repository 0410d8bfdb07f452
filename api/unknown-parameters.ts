import type { FastifyInstance, preValidationHookHandler, RouteOptions } from 'fastify';
import { ParameterUnknown } from '../common/errors.js';

interface QuerySchema {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The query parameters a route declares, or undefined when it takes any (no schema outside /api/, or one that allows more). */
function knownParameters(route: RouteOptions): string[] | undefined {
  const schema = (route.schema as { querystring?: QuerySchema } | undefined)?.querystring;
  if (schema === undefined) return route.url.startsWith('/api/') ? [] : undefined;
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return undefined;
  return Object.keys(schema.properties ?? {});
}

/**
 * Makes every route refuse query parameters it does not declare, answering 400
 * FW_PARAMETER_UNKNOWN naming them and listing the known ones, so that `sevice=api` or a
 * misspelt filter is never silently ignored. Applies to routes with a querystring schema and to
 * every `/api/` route (one without a schema takes no parameters); routes registered later get
 * it too. Runs before schema validation, so unknown names are reported first.
 */
export function refuseUnknownQueryParameters(app: FastifyInstance): void {
  app.addHook('onRoute', function addUnknownParameterCheck(route) {
    const known = knownParameters(route);
    if (known === undefined) return;
    const allowed = new Set(known);
    const check: preValidationHookHandler = function refuseUnknown(request, _reply, done) {
      const unknown = Object.keys(request.query as Record<string, unknown>).filter((name) => !allowed.has(name));
      if (unknown.length === 0) return done();
      done(new ParameterUnknown(unknown.map((n) => `"${n}"`).join(', '), `${request.method} ${route.url}`, known.join(', ') || 'none'));
    };
    route.preValidation = [check, ...asList(route.preValidation)];
  });
}
