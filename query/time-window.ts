import { parseDurationMs, TIME_RANGE_MS } from '../common/duration.js';
import { ParameterInvalid } from '../common/errors.js';
import { DEFAULTS } from '../config/defaults.js';

const RELATIVE = /^now(?:-(.+))?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const UNIX = /^\d+(?:\.\d+)?$/;

/** Unix times below this are read as seconds, at or above it as milliseconds (year 5138 / 1973). */
const SECONDS_BELOW = 1e11;

function inRange(ms: number, value: string, param: string): number {
  if (!(ms >= TIME_RANGE_MS.earliest && ms <= TIME_RANGE_MS.latest)) {
    throw new ParameterInvalid(param, `"${value}" is out of range (a time must fall in the years 0000 to 9999)`);
  }
  return ms;
}

/**
 * Parses a duration: `500ms`, `2s`, `1m`, `1h`, `7d`, or plain seconds (`15`). Returns
 * milliseconds; throws FW_PARAMETER_INVALID naming `param` when the value is not a duration
 * or is not positive.
 */
export function parseDuration(value: string, param: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new ParameterInvalid(param, `"${value}" is not a duration (use e.g. 500ms, 15s, 1m, 1h or plain seconds)`);
  if (!(ms > 0)) throw new ParameterInvalid(param, `duration must be positive, got "${value}"`);
  return ms;
}

/**
 * Parses a point in time: RFC 3339, unix seconds, unix milliseconds, `now` or `now-<duration>`
 * (e.g. `now-15m`). Returns unix milliseconds.
 */
export function parseTime(value: string, param: string, nowMs: number): number {
  const v = value.trim();
  const rel = RELATIVE.exec(v);
  const offset = rel?.[1] === undefined ? 0 : parseDurationMs(rel[1], true);
  if (rel && offset !== undefined) return inRange(nowMs - offset, value, param);
  if (UNIX.test(v)) {
    const n = Number(v);
    return inRange(Math.round(n < SECONDS_BELOW ? n * 1000 : n), value, param);
  }
  if (RFC3339.test(v)) {
    const ms = Date.parse(v.replace(' ', 'T'));
    if (Number.isFinite(ms)) return inRange(ms, value, param);
  }
  throw new ParameterInvalid(param, `"${value}" is not a time (use RFC 3339, unix seconds or ms, now, or now-15m)`);
}

/** A resolved `[from, to]` window in unix ms. */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/**
 * Resolves `from`/`to` (defaults: `now-1h` and `now`), checking that from ≤ to. The parameter
 * names are passed in so that diff's `baseFrom`/`baseTo` get precise messages.
 */
export function parseWindow(
  from: string | undefined, to: string | undefined, nowMs: number, names: { from: string; to: string } = { from: 'from', to: 'to' },
): TimeWindow {
  const toMs = to === undefined ? nowMs : parseTime(to, names.to, nowMs);
  const fromMs = from === undefined ? toMs - DEFAULTS.query.windowMs : parseTime(from, names.from, nowMs);
  if (fromMs > toMs) throw new ParameterInvalid(names.from, `must not be after "${names.to}" (${new Date(fromMs).toISOString()} > ${new Date(toMs).toISOString()})`);
  return { fromMs, toMs };
}
