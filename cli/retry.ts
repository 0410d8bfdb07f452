import { setTimeout as sleep } from 'node:timers/promises';

/** How the client retries answers that say "not now": 429 (rate limited) and 503 (busy or closing). */
export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  /** First backoff when the server gives no Retry-After; doubled on each retry, with jitter. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever Retry-After says. */
  maxDelayMs: number;
}

/** What a retry is about to do, for progress displays. */
export interface RetryNotice {
  /** The retry's number: 1 for the first retry. */
  retry: number;
  waitMs: number;
  /** e.g. "rate limited (429)". */
  reason: string;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ attempts: 12, baseDelayMs: 500, maxDelayMs: 60_000 });

const REASONS: Readonly<Record<number, string>> = Object.freeze({ 429: 'rate limited (429)', 503: 'server busy (503)' });

/** The reason to retry an answer with this status, or undefined when it is final. */
export function retryReason(status: number): string | undefined {
  return REASONS[status];
}

/**
 * Milliseconds of a Retry-After header: delta seconds or an HTTP date; undefined when absent
 * or unreadable.
 */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

/**
 * The wait before retry number `retry` (1-based): what Retry-After asks for (plus up to 10 %
 * jitter, so clients told the same second do not return together), else exponential backoff
 * with full jitter; never more than `maxDelayMs`.
 */
export function retryDelayMs(retry: number, retryAfter: number | undefined, policy: Readonly<RetryPolicy>, random: () => number = Math.random): number {
  const wait = retryAfter !== undefined
    ? retryAfter * (1 + 0.1 * random())
    : policy.baseDelayMs * 2 ** (retry - 1) * (0.5 + random() / 2);
  return Math.round(Math.min(policy.maxDelayMs, wait));
}

/** Waits `ms` milliseconds. */
export function wait(ms: number): Promise<void> {
  return sleep(ms);
}
