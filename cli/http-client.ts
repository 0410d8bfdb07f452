import type { Dispatcher } from 'undici';
import { ServerResponse, ServerUnreachable } from '../common/errors.js';
import { CliUsageError } from './cli-error.js';
import { DEFAULT_RETRY, retryAfterMs, retryDelayMs, retryReason, wait } from './retry.js';
import type { RetryNotice, RetryPolicy } from './retry.js';

/** Options of {@link FlamewatchClient}. */
export interface ClientOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:9740 */
  server: string;
  /** Bearer token for writes (and reads when the server has a read token). */
  token?: string;
  /** undici dispatcher; the global one when not given (tests inject their own Agent). */
  dispatcher?: Dispatcher;
  /** Per-request timeout for headers and body, ms. Default 120 s. */
  timeoutMs?: number;
  /** Retries of 429 and 503 answers (honouring Retry-After); `false`: none. Default {@link DEFAULT_RETRY}. */
  retry?: Partial<RetryPolicy> | false;
  /** Told before each retry's wait, e.g. to show it in a progress bar. */
  onRetry?: (notice: RetryNotice) => void;
}

/** The server's base URL; `host:port` without a scheme means `http://host:port`. */
export function serverUrl(server: string): URL {
  const withScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(server) ? server : `http://${server}`;
  try {
    const url = new URL(withScheme.endsWith('/') ? withScheme : `${withScheme}/`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('not http');
    return url;
  } catch {
    throw new CliUsageError(`server "${server}" is not an http(s) URL or host:port`);
  }
}

/** Query parameters; undefined values are left out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

interface Call {
  method: Dispatcher.HttpMethod;
  path: string;
  query?: QueryParams;
  body?: Uint8Array | string;
  contentType?: string;
}

/** A small client of the flamewatch HTTP API, on undici. Errors are catalogued (FW_SERVER_*). */
export class FlamewatchClient {
  private readonly base: URL;

  constructor(private readonly options: ClientOptions) {
    this.base = serverUrl(options.server);
  }

  /** GETs JSON. */
  getJson<T>(path: string, query?: QueryParams): Promise<T> {
    return this.json<T>({ method: 'GET', path, query });
  }

  /** GETs raw bytes (an exported profile) with the response headers. */
  async getBytes(path: string, query?: QueryParams): Promise<{ bytes: Uint8Array; headers: Dispatcher.ResponseData['headers'] }> {
    const res = await this.send({ method: 'GET', path, query });
    return { bytes: new Uint8Array(await res.body.arrayBuffer()), headers: res.headers };
  }

  /** GETs a text body (DOT, SVG). */
  async getText(path: string, query?: QueryParams): Promise<string> {
    const res = await this.send({ method: 'GET', path, query });
    return res.body.text();
  }

  /** POSTs JSON and returns the JSON answer. */
  postJson<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>({ method: 'POST', path, body: JSON.stringify(body), contentType: 'application/json' });
  }

  /** POSTs raw bytes (a profile) and returns the JSON answer. */
  postBytes<T>(path: string, query: QueryParams, bytes: Uint8Array): Promise<T> {
    return this.json<T>({ method: 'POST', path, query, body: bytes, contentType: 'application/octet-stream' });
  }

  /** DELETEs a resource. */
  async delete(path: string): Promise<void> {
    const res = await this.send({ method: 'DELETE', path });
    await res.body.dump();
  }

  private url(path: string, query: QueryParams = {}): URL {
    const url = new URL(path.replace(/^\//, ''), this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /**
   * Sends a call; an answer that says "not now" (429, 503) is retried after its Retry-After,
   * or with exponential backoff, up to the policy's attempts.
   */
  private async send(call: Call): Promise<Dispatcher.ResponseData> {
    const policy: RetryPolicy = { ...DEFAULT_RETRY, ...(this.options.retry === false ? { attempts: 1 } : this.options.retry) };
    for (let attempt = 1; ; attempt++) {
      const res = await this.sendOnce(call);
      const reason = retryReason(res.statusCode);
      if (reason === undefined || attempt >= policy.attempts) {
        if (res.statusCode >= 400) throw await responseError(`${call.method} ${this.url(call.path, call.query).pathname}`, res);
        return res;
      }
      await res.body.dump();
      const waitMs = retryDelayMs(attempt, retryAfterMs(res.headers['retry-after']), policy);
      this.options.onRetry?.({ retry: attempt, waitMs, reason });
      await wait(waitMs);
    }
  }

  private async sendOnce(call: Call): Promise<Dispatcher.ResponseData> {
    const url = this.url(call.path, call.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    if (call.contentType) headers['content-type'] = call.contentType;
    const timeout = this.options.timeoutMs ?? 120_000;
    let res: Dispatcher.ResponseData;
    const { request } = await import('undici');
    try {
      res = await request(url, {
        method: call.method, headers, body: call.body, dispatcher: this.options.dispatcher,
        headersTimeout: timeout, bodyTimeout: timeout,
      });
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      throw new ServerUnreachable(this.base.origin, e.cause?.code ?? e.code ?? e.message);
    }
    return res;
  }

  private async json<T>(call: Call): Promise<T> {
    const res = await this.send(call);
    if (res.statusCode === 204) {
      await res.body.dump();
      return undefined as T;
    }
    return (await res.body.json()) as T;
  }
}

/** An error answered by the server; `serverCode` is the server's own catalogue code when it sent one. */
export type ServerResponseError = InstanceType<typeof ServerResponse> & { serverCode?: string };

async function responseError(what: string, res: Dispatcher.ResponseData): Promise<ServerResponseError> {
  const text = await res.body.text();
  let detail = text.slice(0, 500);
  let serverCode: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.message === 'string') detail = body.message;
    if (typeof body.error === 'string') serverCode = body.error;
  } catch {
    // not JSON: keep the text
  }
  const err: ServerResponseError = new ServerResponse(what, res.statusCode, detail);
  if (serverCode !== undefined) err.serverCode = serverCode;
  return err;
}
