/**
 * Units as `go tool pprof` scales and prints them (its internal/measurement package): byte,
 * time and GCU units with their aliases, `Scale`, `ScaledLabel` and `Percentage`.
 */

interface Unit {
  canonicalName: string;
  aliases: readonly string[];
  factor: number;
}

interface UnitType {
  defaultUnit: Unit;
  units: readonly Unit[];
}

const UNIT_TYPES: readonly UnitType[] = [
  {
    units: [
      { canonicalName: 'B', aliases: ['b', 'byte'], factor: 1 },
      { canonicalName: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { canonicalName: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { canonicalName: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { canonicalName: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { canonicalName: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    defaultUnit: { canonicalName: 'B', aliases: ['b', 'byte'], factor: 1 },
  },
  {
    units: [
      { canonicalName: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { canonicalName: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { canonicalName: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { canonicalName: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { canonicalName: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
    ],
    defaultUnit: { canonicalName: 's', aliases: [], factor: 1e9 },
  },
  {
    units: [
      { canonicalName: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
      { canonicalName: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
      { canonicalName: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
      { canonicalName: 'GCU', aliases: ['gcu'], factor: 1 },
      { canonicalName: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
      { canonicalName: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
      { canonicalName: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
      { canonicalName: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
      { canonicalName: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
    ],
    defaultUnit: { canonicalName: 'GCU', aliases: [], factor: 1 },
  },
];

function sniffUnit(type: UnitType, name: string): Unit | undefined {
  let u = name.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return type.units.find((unit) => unit.aliases.includes(u));
}

function autoScale(type: UnitType, value: number): [number, string] | undefined {
  let f = 0;
  let name = '';
  for (const u of type.units) {
    if (u.factor >= f && value / u.factor >= 1) {
      f = u.factor;
      name = u.canonicalName;
    }
  }
  return f === 0 ? undefined : [value / f, name];
}

function convertUnit(type: UnitType, value: number, from: string, to: string): [number, string] | undefined {
  const fromUnit = sniffUnit(type, from);
  if (fromUnit === undefined) return undefined;
  const v = value * fromUnit.factor;
  if (to === 'minimum' || to === 'auto') {
    return autoScale(type, v) ?? [v / type.defaultUnit.factor, type.defaultUnit.canonicalName];
  }
  const toUnit = sniffUnit(type, to) ?? type.defaultUnit;
  return [v / toUnit.factor, toUnit.canonicalName];
}

/** pprof's measurement.Scale: `value` in `from` units expressed in `to` units ('auto'/'minimum' pick one). */
export function scaleValue(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = scaleValue(-value, from, to);
    return [-v, u];
  }
  for (const type of UNIT_TYPES) {
    const converted = convertUnit(type, value, from, to);
    if (converted !== undefined) return converted;
  }
  switch (to) {
    case 'count': case 'sample': case 'unit': case 'minimum': case 'auto':
      return [value, ''];
    default:
      return [value, to];
  }
}

/**
 * Go's `%.{digits}f`: like toFixed, but an exact tie (…0.125 to 2 digits) rounds half to
 * even as Go does, where toFixed rounds it away from zero.
 */
export function goFixed(v: number, digits: number): string {
  const rounded = v.toFixed(digits);
  const exact = Math.abs(v).toFixed(Math.min(100, digits + 60));
  const cut = exact.indexOf('.') + 1 + digits;
  if (!/^50*$/.test(exact.slice(cut))) return rounded;
  const truncated = exact.slice(0, digits === 0 ? cut - 1 : cut);
  if (Number(truncated.at(-1)) % 2 !== 0) return rounded;
  return v < 0 ? `-${truncated}` : truncated;
}

/** Go's `%.2f` with `.00` trimmed, as pprof prints scaled values. */
function fixed2(v: number): string {
  const s = goFixed(v, 2);
  return s.endsWith('.00') ? s.slice(0, -3) : s;
}

/** pprof's measurement.ScaledLabel: `1.50MB`, `10ms`, `0`. */
export function scaledLabel(value: number, from: string, to: string): string {
  const [v, u] = scaleValue(value, from, to);
  const sv = fixed2(v);
  return sv === '0' || sv === '-0' ? '0' : sv + u;
}

/** Go's `%5.2g` of a non-negative ratio. */
function goG2(ratio: number): string {
  if (ratio === 0) return '0';
  const [mantissa, exponent] = ratio.toExponential(1).split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 2) return `${mantissa.replace(/\.0$/, '')}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(Number(ratio.toPrecision(2)));
}

/** pprof's measurement.Percentage: `  100%`, `57.14%`, ` 0.7%`, padded to 6 as pprof pads it. */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${goFixed(ratio, 2).padStart(5)}%`;
  return `${goG2(ratio).padStart(5)}%`;
}
