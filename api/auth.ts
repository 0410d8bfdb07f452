import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { Unauthorized } from '../common/errors.js';
import { ENV_VARS } from '../config/server-options.js';

/** Who may call a route: anyone, holders of the read token, or holders of the write token. */
export type Access = 'open' | 'read' | 'write';

/** Bearer tokens; an unset read token leaves reads open, an unset write token leaves writes to loopback clients. */
export interface Tokens {
  /** Required for writes (targets, ingest). Without one, only loopback clients may write. */
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

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether `address` is a loopback address (127.0.0.0/8, ::1, and IPv4-mapped 127.x), or the
 * name `localhost`: the one rule for both "who may write without a token" and "is the server
 * reachable from other machines".
 */
export function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** Compares secrets in constant time, whatever their lengths (both are hashed to 32 bytes first). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
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

const NO_WRITE_TOKEN = `writes from other machines need a token: start the server with ${ENV_VARS.token}=<secret> `
  + 'and send "Authorization: Bearer <secret>" (without a token only loopback clients may write)';

/**
 * An onRequest hook enforcing each route's `config.access` against the configured tokens.
 * Without a write token, writes are accepted from loopback clients only (the socket's address;
 * forwarding headers are not trusted). Missing or wrong tokens are answered 401 FW_UNAUTHORIZED.
 */
export function authHook(tokens: Readonly<Tokens>): onRequestHookHandler {
  return function checkAccess(request, _reply, done) {
    const access = request.routeOptions.config.access ?? 'open';
    const accepted = acceptedTokens(access, tokens);
    if (accepted.length === 0) {
      if (access === 'write' && !isLoopback(request.socket.remoteAddress ?? '')) return done(new Unauthorized(NO_WRITE_TOKEN));
      return done();
    }
    const given = bearer(request);
    if (given === undefined) return done(new Unauthorized(`${access} access needs "Authorization: Bearer <token>"`));
    if (!accepted.some((t) => sameSecret(given, t))) return done(new Unauthorized(`wrong token for ${access} access`));
    done();
  };
}

/**
 * The warning to log at start when the server listens beyond loopback with a token missing, or
 * undefined when there is nothing to warn about.
 */
export function exposureWarning(host: string, tokens: Readonly<Tokens>): string | undefined {
  if (isLoopback(host)) return undefined;
  const open: string[] = [];
  if (tokens.write === undefined) open.push(`writes are accepted only from loopback clients (set ${ENV_VARS.token} to let other machines write)`);
  if (tokens.read === undefined) open.push(`reads are open to anyone who can reach ${host} (set ${ENV_VARS.readToken} to require a token)`);
  return open.length === 0 ? undefined : `listening on ${host} without tokens: ${open.join('; ')}`;
}
