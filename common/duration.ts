const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
});

/** A Prometheus-style duration with units: `500ms`, `15s`, `1m`, `1h30m`, `7d`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d|w))+$';

const WITH_UNITS = new RegExp(DURATION_PATTERN);
const PLAIN_SECONDS = /^[0-9]+(\.[0-9]+)?$/;

/**
 * Parses a duration into milliseconds: Prometheus style (`500ms`, `2s`, `1m`, `1h30m`, `7d`)
 * or, unless `unitsRequired`, plain seconds (`15`). Undefined when malformed.
 */
export function parseDurationMs(text: string, unitsRequired = false): number | undefined {
  const t = text.trim();
  if (!unitsRequired && PLAIN_SECONDS.test(t)) return Math.round(Number(t) * 1000);
  if (!WITH_UNITS.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return Math.round(total);
}

/** Renders milliseconds as the shortest exact duration string (15s, 1m, 1500ms). */
export function formatDuration(ms: number): string {
  for (const [size, unit] of [[3_600_000, 'h'], [60_000, 'm'], [1000, 's']] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** Every time a query can name: the years 0000 to 9999 (unix ms), the range RFC 3339 can write. */
export const TIME_RANGE_MS = Object.freeze({ earliest: -62_167_219_200_000, latest: 253_402_300_799_999 });
