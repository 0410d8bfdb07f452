import { readFile, stat } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import type { DecodeLimits } from '../codec/limits.js';
import { ScrapeCredentialsUnreadable } from '../common/errors.js';
import type { AddressPolicy } from '../config/address-policy.js';
import type { ScrapeSettings, TlsSettings } from '../config/target.js';
import { createScrapeAgent } from './scrape-agent.js';
import type { LookupFunction, TlsMaterial } from './scrape-agent.js';
import { fetchBody } from './scrape-http.js';
import type { FetchOptions, FetchResult } from './scrape-http.js';

/** How the collector GETs a URL with a target's auth, TLS and limits (scrapes and http_sd). */
export interface ScrapeClient {
  fetch(settings: ScrapeSettings, url: string, options: FetchOptions): Promise<FetchResult>;
  /** Closes the connections it opened (not the injected dispatcher). */
  close(): Promise<void>;
}

/** Options of {@link HttpScrapeClient}. */
export interface ScrapeClientOptions {
  /** Where requests without TLS settings go: a keep-alive pool checked by the address policy (createScrapeAgent). */
  dispatcher: Dispatcher;
  /** The policy and lookup of the pools made for TLS settings. */
  policy?: AddressPolicy;
  lookup?: LookupFunction;
}

/** The decoder limits of a target: its body_size_limit caps both the received and the inflated size. */
export function scrapeLimits(settings: Pick<ScrapeSettings, 'bodySizeLimit'>, limits: Readonly<DecodeLimits>): Readonly<DecodeLimits> {
  const cap = settings.bodySizeLimit;
  if (cap === undefined || cap <= 0) return limits;
  return { ...limits, maxCompressedBytes: Math.min(limits.maxCompressedBytes, cap), maxDecompressedBytes: Math.min(limits.maxDecompressedBytes, cap) };
}

/** A file read again whenever its modification time or size changes (rotated credentials, renewed certificates). */
class WatchedFiles {
  private readonly cache = new Map<string, { stamp: string; bytes: Buffer }>();

  /** The file's bytes and a stamp that changes with them. Throws FW_SCRAPE_CREDENTIALS_UNREADABLE naming the setting. */
  async read(path: string, setting: string): Promise<{ stamp: string; bytes: Buffer }> {
    try {
      const st = await stat(path);
      const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
      const cached = this.cache.get(path);
      if (cached?.stamp === stamp) return cached;
      const entry = { stamp, bytes: await readFile(path) };
      this.cache.set(path, entry);
      return entry;
    } catch (err) {
      throw new ScrapeCredentialsUnreadable(`${setting} ${path}`, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
    }
  }
}

/**
 * The scrape client: the Authorization header from basic_auth or authorization (files re-read
 * when they change), and for TLS settings a pool of its own per setting, made again when a
 * CA, certificate or key file changes. Secrets go only into request headers.
 */
export class HttpScrapeClient implements ScrapeClient {
  private readonly files = new WatchedFiles();
  private readonly pools = new Map<string, { stamp: string; agent: Dispatcher }>();

  constructor(private readonly options: ScrapeClientOptions) {}

  async fetch(settings: ScrapeSettings, url: string, options: FetchOptions): Promise<FetchResult> {
    const [authorization, dispatcher] = await Promise.all([this.authorization(settings), this.dispatcherFor(settings.tls)]);
    const headers = { ...options.headers, ...(authorization === undefined ? {} : { authorization }) };
    return fetchBody(dispatcher, url, { ...options, headers });
  }

  async close(): Promise<void> {
    const agents = [...this.pools.values()].map((p) => p.agent);
    this.pools.clear();
    await Promise.all(agents.map((a) => a.close()));
  }

  private async secret(inline: string | undefined, file: string | undefined, setting: string): Promise<string> {
    if (file === undefined) return inline ?? '';
    return (await this.files.read(file, setting)).bytes.toString('utf8').trim();
  }

  private async authorization(s: ScrapeSettings): Promise<string | undefined> {
    if (s.basicAuth !== undefined) {
      const password = await this.secret(s.basicAuth.password, s.basicAuth.passwordFile, 'basic_auth.password_file');
      return `Basic ${Buffer.from(`${s.basicAuth.username}:${password}`, 'utf8').toString('base64')}`;
    }
    if (s.authorization !== undefined) {
      const credentials = await this.secret(s.authorization.credentials, s.authorization.credentialsFile, 'authorization.credentials_file');
      return `${s.authorization.type} ${credentials}`;
    }
    return undefined;
  }

  private async dispatcherFor(tls: TlsSettings | undefined): Promise<Dispatcher> {
    if (tls === undefined) return this.options.dispatcher;
    const [ca, cert, key] = await Promise.all([
      tls.caFile === undefined ? undefined : this.files.read(tls.caFile, 'tls_config.ca_file'),
      tls.certFile === undefined ? undefined : this.files.read(tls.certFile, 'tls_config.cert_file'),
      tls.keyFile === undefined ? undefined : this.files.read(tls.keyFile, 'tls_config.key_file'),
    ]);
    const id = JSON.stringify(tls);
    const stamp = [ca?.stamp, cert?.stamp, key?.stamp].join('|');
    const pool = this.pools.get(id);
    if (pool?.stamp === stamp) return pool.agent;
    const material: TlsMaterial = { rejectUnauthorized: tls.insecureSkipVerify !== true };
    if (ca) material.ca = ca.bytes;
    if (cert) material.cert = cert.bytes;
    if (key) material.key = key.bytes;
    if (tls.serverName !== undefined) material.servername = tls.serverName;
    const agent = createScrapeAgent({ tls: material, policy: this.options.policy, lookup: this.options.lookup });
    this.pools.set(id, { stamp, agent });
    if (pool) void pool.agent.close().catch(() => {});
    return agent;
  }
}
