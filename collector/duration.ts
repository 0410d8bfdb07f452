const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Pattern of the durations the collector accepts: `500ms`, `15s`, `1m`, `1h30m`, `7d`. */
export const DURATION_PATTERN = '^([0-9]+(ms|s|m|h|d))+$';

/** Parses a Prometheus-style duration into milliseconds; undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  if (!new RegExp(DURATION_PATTERN).test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/([0-9]+)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total;
}
