import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { isFlamewatchError, ProfileCompressedTooLarge, ScrapeFailed, ScrapeStatus, ScrapeTimeout } from '../common/errors.js';

/** Limits of one HTTP fetch. */
export interface FetchOptions {
  /** Deadline of the whole request: connect, headers and body. */
  timeoutMs: number;
  /** Largest body accepted as received; the download is aborted past it. */
  maxBytes: number;
  /** Aborts the request early, e.g. when the collector stops. */
  signal?: AbortSignal;
  /** Extra request headers (authorization, accept). */
  headers?: Record<string, string>;
  /**
   * Keep only the body from the first occurrence of this text on (the rest is read and
   * dropped as it arrives, so a large body costs no memory); empty bytes when it never occurs.
   */
  keepFrom?: string;
}

/** A body read in full, with the time it took. */
export interface FetchResult {
  bytes: Uint8Array;
  durationMs: number;
}

const EXCERPT_CHARS = 200;
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * GETs `url` through `dispatcher` and returns the body. Redirects are not followed; any
 * status but 200 fails with the status and a short excerpt of the body. Throws
 * FW_SCRAPE_STATUS, FW_SCRAPE_TIMEOUT, FW_SCRAPE_FAILED or FW_PROFILE_COMPRESSED_TOO_LARGE.
 */
export async function fetchBody(dispatcher: Dispatcher, url: string, options: FetchOptions): Promise<FetchResult> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await request(url, {
      dispatcher, method: 'GET', signal: controller.signal,
      headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs,
      headers: { 'accept-encoding': 'identity', 'user-agent': 'flamewatch-collector', ...options.headers },
    });
    if (res.statusCode !== 200) {
      const excerpt = await readExcerpt(res.body);
      throw new ScrapeStatus(url, res.statusCode, excerpt);
    }
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared > options.maxBytes) {
      discard(res.body);
      throw new ProfileCompressedTooLarge(declared, options.maxBytes);
    }
    const chunks: Buffer[] = [];
    const tail = options.keepFrom === undefined ? undefined : new TailFrom(options.keepFrom);
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > options.maxBytes) {
        discard(res.body);
        throw new ProfileCompressedTooLarge(size, options.maxBytes);
      }
      if (tail !== undefined) tail.push(chunk);
      else chunks.push(chunk);
    }
    const bytes = tail !== undefined ? tail.bytes() : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    return { bytes, durationMs: performance.now() - started };
  } catch (err) {
    if (isTimeout(err, controller.signal)) throw new ScrapeTimeout(url, options.timeoutMs);
    if (isFlamewatchError(err)) throw err;
    throw new ScrapeFailed(url, describe(err));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Keeps a streamed body from the first occurrence of a marker on. Each chunk is searched where
 * it lies; only a marker that may span two chunks is looked for in a join of the last chunk's
 * tail and the next one's head (fewer bytes than the marker, twice), so a body is not copied.
 */
class TailFrom {
  private readonly marker: Buffer;
  private readonly kept: Buffer[] = [];
  /** The last `marker.length - 1` bytes (or fewer) before the marker was found. */
  private carry = Buffer.alloc(0);
  private found = false;

  constructor(marker: string) {
    this.marker = Buffer.from(marker, 'utf8');
  }

  push(chunk: Buffer): void {
    if (this.found) {
      this.kept.push(chunk);
      return;
    }
    const overlap = this.marker.length - 1;
    if (this.carry.length > 0) {
      const join = Buffer.concat([this.carry, chunk.subarray(0, overlap)]);
      const at = join.indexOf(this.marker);
      if (at >= 0 && at < this.carry.length) {
        this.found = true;
        this.kept.push(this.carry.subarray(at), chunk);
        return;
      }
    }
    const at = chunk.indexOf(this.marker);
    if (at >= 0) {
      this.found = true;
      this.kept.push(chunk.subarray(at));
      return;
    }
    this.carry = chunk.length >= overlap
      ? Buffer.from(chunk.subarray(chunk.length - overlap))
      : Buffer.concat([this.carry, chunk]).subarray(-overlap);
  }

  bytes(): Buffer {
    return Buffer.concat(this.kept);
  }
}

/** Drops a body unread; the abort error its stream then emits is expected, not a crash. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

async function readExcerpt(body: Dispatcher.ResponseData['body']): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.length >= EXCERPT_CHARS) break;
    }
  } catch {
    /* the excerpt is best effort */
  } finally {
    body.destroy();
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function isTimeout(err: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && TIMEOUT_CODES.has(code);
}

/** OpenSSL's certificate verification codes, and Node's TLS ones. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|^ERR_TLS|^ERR_SSL|^EPROTO$/;

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && TLS_CODE.test(code)) {
    return `TLS handshake failed: ${code}: ${err.message} (check tls_config: ca_file, server_name, cert_file/key_file)`;
  }
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? ` (${cause.message})` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${err.message}${causeText}`;
}
