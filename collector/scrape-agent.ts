import { lookup as systemLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { TargetAddressForbidden } from '../common/errors.js';
import { AddressPolicy } from '../config/address-policy.js';

/** Resolves a host name as `dns.lookup` does; injectable so tests control what a name resolves to. */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** TLS material of a connection, already read from its files. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
  rejectUnauthorized?: boolean;
}

/** Options of {@link createScrapeAgent}. */
export interface ScrapeAgentOptions {
  /** Connect timeout in ms; default 5 s. */
  connectTimeoutMs?: number;
  /** Connections per target; a CPU profile holds one for its whole window. Default 4. */
  connectionsPerOrigin?: number;
  /** Addresses that may be connected to; default: link-local and cloud metadata refused. */
  policy?: AddressPolicy;
  /** How host names resolve; default `dns.lookup`. */
  lookup?: LookupFunction;
  /** TLS settings of every https connection of this agent. */
  tls?: TlsMaterial;
}

/**
 * A lookup that resolves with `lookup`, then keeps only the addresses `policy` allows; when none
 * is left it fails with FW_TARGET_ADDRESS_FORBIDDEN naming the rule. Connecting only to checked
 * addresses is what makes the check immune to DNS rebinding.
 */
export function checkingLookup(policy: AddressPolicy, lookup: LookupFunction = systemLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) { callback(err, ''); return; }
      const list = addresses as LookupAddress[];
      const allowed = list.filter((a) => policy.problem(a.address) === undefined);
      const first = list[0];
      if (allowed.length === 0 || first === undefined) {
        const why = first === undefined ? 'the name resolves to no address' : policy.problem(first.address)!;
        callback(Object.assign(new TargetAddressForbidden(first === undefined ? hostname : `${first.address} (${hostname})`, why)), '');
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * An undici connector that checks every address before connecting: an IP literal host at once,
 * a name through {@link checkingLookup} on the addresses it resolves to.
 */
export function guardedConnector(options: ScrapeAgentOptions): buildConnector.connector {
  const policy = options.policy ?? new AddressPolicy();
  const base = buildConnector({
    timeout: options.connectTimeoutMs ?? 5_000,
    lookup: checkingLookup(policy, options.lookup),
    ...(options.tls ?? {}),
  } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const host = opts.hostname.replace(/^\[|\]$/g, '');
    const why = isIP(host) !== 0 ? policy.problem(host) : undefined;
    if (why !== undefined) {
      queueMicrotask(() => callback(new TargetAddressForbidden(host, why), null));
      return;
    }
    base(opts, callback);
  };
}

/**
 * A keep-alive pool for scrapes: connections are reused across ticks, and every connection is
 * checked against the address policy at connect time.
 */
export function createScrapeAgent(options: ScrapeAgentOptions = {}): Agent {
  return new Agent({
    connections: options.connectionsPerOrigin ?? 4,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 120_000,
    connect: guardedConnector(options),
  });
}
