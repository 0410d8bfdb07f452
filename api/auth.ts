import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { Unauthorized } from '../common/errors.js';

/** Who may call a route: anyone, holders of the read token, or holders of the write token. */
export type Access = 'open' | 'read' | 'write';

/** Bearer tokens; an unset token leaves that access level open. */
export interface Tokens {
  /** Required for writes (targets, ingest). */
  write?: string;
  /** Required for reads when set; the write token is accepted for reads too. */
  read?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Access level of the route; routes without one are open. */
    access?: Access;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given), b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : '';
}

/** The tokens that grant an access level; empty when the level is open. */
function acceptedTokens(access: Access, tokens: Readonly<Tokens>): string[] {
  if (access === 'write') return tokens.write === undefined ? [] : [tokens.write];
  if (access === 'read' && tokens.read !== undefined) return tokens.write === undefined ? [tokens.read] : [tokens.read, tokens.write];
  return [];
}

/**
 * An onRequest hook enforcing each route's `config.access` against the configured tokens.
 * Missing or wrong tokens are answered 401 FW_UNAUTHORIZED.
 */
export function authHook(tokens: Readonly<Tokens>): onRequestHookHandler {
  return function checkAccess(request, _reply, done) {
    const access = request.routeOptions.config.access ?? 'open';
    const accepted = acceptedTokens(access, tokens);
    if (accepted.length === 0) return done();
    const given = bearer(request);
    if (given === undefined) return done(new Unauthorized(`${access} access needs "Authorization: Bearer <token>"`));
    if (!accepted.some((t) => sameSecret(given, t))) return done(new Unauthorized(`wrong token for ${access} access`));
    done();
  };
}
