/** Human-readable values in the style of `go tool pprof` (10ms, 1.50s, 512kB, 3.25MB). */
export function formatValue(value: number, unit: string): string {
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const v = Math.abs(value);
  const scaled = scale(v, unit);
  return sign + scaled;
}

const timeUnits: [number, string][] = [[3600e9, 'hrs'], [60e9, 'mins'], [1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']];
const byteUnits: [number, string][] = [[2 ** 50, 'PB'], [2 ** 40, 'TB'], [2 ** 30, 'GB'], [2 ** 20, 'MB'], [2 ** 10, 'kB'], [1, 'B']];

function scale(v: number, unit: string): string {
  const table = unit === 'nanoseconds' ? timeUnits : unit === 'bytes' ? byteUnits : null;
  if (table === null) return trim(v);
  for (const [size, suffix] of table) {
    if (v >= size) return trim(v / size) + suffix;
  }
  return trim(v) + table[table.length - 1]![1];
}

function trim(v: number): string {
  const s = v.toFixed(2);
  return s.endsWith('.00') ? s.slice(0, -3) : s;
}

/**
 * A percentage as `go tool pprof` prints it: `100%` from 99.95 to 100.05, two decimals from 1 %,
 * two significant digits below (0.7%, 0.0011%). pprof prints the magnitude.
 */
export function formatPercent(p: number): string {
  const ratio = Math.abs(p);
  if (ratio >= 99.95 && ratio <= 100.05) return '100%';
  if (ratio >= 1) return `${ratio.toFixed(2)}%`;
  if (ratio === 0) return '0%';
  const [mantissa, exponent] = ratio.toExponential(1).split('e') as [string, string];
  const exp = Number(exponent);
  const text = exp < -4 ? `${mantissa.replace(/\.0$/, '')}e-${String(-exp).padStart(2, '0')}` : String(Number(ratio.toPrecision(2)));
  return `${text}%`;
}
