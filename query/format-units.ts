/**
 * Numbers as `go tool pprof` prints them (its internal/measurement package, and Go's fmt):
 * units scaled within their family (B…PB, ns…hrs), `%.2f` with `.00` trimmed, percentages as
 * `%5.2f%%` or `%5.2g%%`. Go rounds an exact half to even (1.125 → 1.12), which JavaScript's
 * toFixed does not, so the decimal digits are rounded here from the exact expansion.
 */

interface Unit {
  name: string;
  aliases: readonly string[];
  factor: number;
}

interface UnitFamily {
  units: readonly Unit[];
  defaultUnit: Unit;
}

const BYTES: UnitFamily = {
  units: [
    { name: 'B', aliases: ['b', 'byte'], factor: 1 },
    { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
    { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
    { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
    { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
    { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
  ],
  defaultUnit: { name: 'B', aliases: ['b', 'byte'], factor: 1 },
};

const TIME: UnitFamily = {
  units: [
    { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
    { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
    { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
    { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
    { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
  ],
  defaultUnit: { name: 's', aliases: [], factor: 1e9 },
};

const GCU: UnitFamily = {
  units: [
    { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
    { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
    { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
    { name: 'GCU', aliases: ['gcu'], factor: 1 },
    { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
    { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
    { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
    { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
    { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
  ],
  defaultUnit: { name: 'GCU', aliases: [], factor: 1 },
};

const FAMILIES: readonly UnitFamily[] = [BYTES, TIME, GCU];

function sniff(family: UnitFamily, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return family.units.find((x) => x.aliases.includes(u));
}

function autoScale(family: UnitFamily, value: number): [number, string] | undefined {
  let factor = 0, name = '';
  for (const u of family.units) {
    if (u.factor >= factor && value / u.factor >= 1) {
      factor = u.factor;
      name = u.name;
    }
  }
  return factor === 0 ? undefined : [value / factor, name];
}

/**
 * pprof's measurement.Scale: `value` in `fromUnit` converted to `toUnit` (`minimum` or `auto`
 * pick the largest unit the value reaches). Units pprof does not know are not scaled; the
 * unit returned is then '' for count-like targets.
 */
export function scaleValue(value: number, fromUnit: string, toUnit: string): [number, string] {
  if (value < 0) {
    const [v, u] = scaleValue(-value, fromUnit, toUnit);
    return [-v, u];
  }
  for (const family of FAMILIES) {
    const from = sniff(family, fromUnit);
    if (from === undefined) continue;
    const v = value * from.factor;
    if (toUnit === 'minimum' || toUnit === 'auto') {
      return autoScale(family, v) ?? [v / family.defaultUnit.factor, family.defaultUnit.name];
    }
    const to = sniff(family, toUnit) ?? family.defaultUnit;
    return [v / to.factor, to.name];
  }
  return ['count', 'sample', 'unit', 'minimum', 'auto'].includes(toUnit) ? [value, ''] : [value, toUnit];
}

/** The exact decimal expansion of |x| with 100 fractional digits (exact for the magnitudes printed here). */
function exactDigits(x: number): { int: string; frac: string } {
  const [int, frac] = Math.abs(x).toFixed(100).split('.') as [string, string];
  return { int, frac };
}

/** Adds one unit in the last place of a digit string, carrying. */
function increment(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] === '9') out[i] = '0';
    else {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
  }
  return `1${out.join('')}`;
}

/** Rounds `int.frac` to `digits` fractional digits, half to even, as Go's strconv does. */
function roundHalfEven(int: string, frac: string, digits: number): { int: string; frac: string } {
  const kept = int + frac.slice(0, digits);
  const rest = frac.slice(digits);
  const first = rest[0] ?? '0';
  const beyond = /[1-9]/.test(rest.slice(1));
  const lastKept = Number(kept[kept.length - 1] ?? '0');
  const up = first > '5' || (first === '5' && (beyond || lastKept % 2 === 1));
  const rounded = up ? increment(kept) : kept;
  const cut = rounded.length - digits;
  return { int: rounded.slice(0, cut), frac: rounded.slice(cut) };
}

/** Go's `fmt.Sprintf("%.Nf", x)`. */
export function goFixed(x: number, digits: number): string {
  const { int, frac } = exactDigits(x);
  const r = roundHalfEven(int, frac, digits);
  const text = digits > 0 ? `${r.int}.${r.frac}` : r.int;
  return x < 0 || Object.is(x, -0) ? `-${text}` : text;
}

/** Go's `fmt.Sprintf("%.2g", x)` for x ≥ 0: two significant digits, %e form below 1e-4, trailing zeros dropped. */
function goG2(x: number): string {
  if (x === 0) return '0';
  const { int, frac } = exactDigits(x);
  const all = (int + frac).replace(/^0+/, '');
  // Exponent of the first significant digit.
  let exp = int !== '0' ? int.length - 1 : -(frac.search(/[1-9]/) + 1);
  const sig = all.slice(0, 2);
  const rest = all.slice(2);
  let mant = roundHalfEven(sig, rest, 0).int;
  if (mant.length > 2) {
    mant = mant.slice(0, 2);
    exp++;
  }
  const digits = mant.replace(/0+$/, '');
  if (exp < -4 || exp >= 2) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = mant.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = mant.slice(exp + 1).replace(/0+$/, '');
  return fracPart === '' ? whole : `${whole}.${fracPart}`;
}

/** pprof's measurement.ScaledLabel: `value` in `fromUnit` printed in `toUnit` (default: its own best unit). */
export function formatValue(value: number, fromUnit: string, toUnit = 'auto'): string {
  const [v, u] = scaleValue(value, fromUnit, toUnit);
  let text = goFixed(v, 2);
  if (text.endsWith('.00')) text = text.slice(0, -3);
  return text === '0' || text === '-0' ? '0' : text + u;
}

/** pprof's measurement.Percentage of value in total, padded as pprof prints it (`56.07%`, ` 0.65%`, `  100%`). */
export function pprofPercentage(value: number, total: number): string {
  const ratio = total === 0 ? 0 : Math.abs(value / total) * 100;
  return percentText(ratio);
}

function percentText(ratio: number): string {
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${goFixed(ratio, 2).padStart(5)}%`;
  return `${goG2(ratio).padStart(5)}%`;
}

/** A percentage (0–100) as `go tool pprof` prints it, without padding: `100%`, `56.07%`, `0.7%`, `0.0011%`. */
export function formatPercent(p: number): string {
  return percentText(Math.abs(p)).trim();
}

/**
 * pprof's output unit for a report (`-unit=minimum`): the unit of the smallest non-zero node
 * value, unless it is under 1 % of the total in another unit, then the unit of 100× it.
 */
export function selectOutputUnit(minValue: number, total: number, sampleUnit: string): string {
  const min = minValue === 0 ? total : minValue;
  const [, minUnit] = scaleValue(min, sampleUnit, 'minimum');
  const [, maxUnit] = scaleValue(total, sampleUnit, 'minimum');
  let unit = minUnit;
  if (minUnit !== maxUnit && min * 100 < total) unit = scaleValue(100 * min, sampleUnit, 'minimum')[1];
  return unit !== '' ? unit : sampleUnit;
}
