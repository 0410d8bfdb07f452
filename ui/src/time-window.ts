// Time windows as the API reads them: the same parser the server uses, run in the browser.
import { parseWindow } from '../../query/time-window.js';

export interface Window {
  from: string;
  to: string;
}

export const PRESETS: readonly { label: string; from: string }[] = [
  { label: '15m', from: 'now-15m' }, { label: '1h', from: 'now-1h' }, { label: '6h', from: 'now-6h' },
  { label: '24h', from: 'now-24h' }, { label: '7d', from: 'now-7d' },
];

/** Milliseconds of `from`/`to` (default now-1h .. now), or an error message naming the field. */
export function resolveWindow(w: Partial<Window>, nowMs = Date.now()): { fromMs: number; toMs: number } | { error: string } {
  try {
    return parseWindow(w.from || undefined, w.to || undefined, nowMs);
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** An absolute time for the URL: RFC 3339 in UTC, seconds precision. */
export function isoTime(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A step for /series that gives about 240 points over the window, at least 10 s. */
export function stepFor(fromMs: number, toMs: number): string {
  const seconds = Math.max(10, Math.ceil((toMs - fromMs) / 1000 / 240));
  return `${seconds}s`;
}
