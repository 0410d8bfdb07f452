// The reference implementation: runs `go tool pprof -top` and parses its text
// report with exact integer values in the profile's own unit (nanoseconds,
// bytes, counts, ...), so our own analyses can be compared to it value for value.
//
// How exact values are obtained: pprof prints every value through its
// measurement package, which converts from the sample type's unit to the
// `-unit` flag. Passing the sample type's own unit (e.g. -unit=nanoseconds,
// -unit=bytes) converts a value to itself, printed with "%.2f" and ".00"
// trimmed, i.e. as an exact integer followed by a unit suffix ("1340000000ns",
// "189883627B"). Units pprof does not know (count, objects, ...) are never
// scaled; for those we pass -unit=count, which prints a bare integer.
// The default (-unit=minimum) would print rounded values such as "1.34s" or "1.50MB".
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilterSpec } from '../../query/filters.js';

export interface OracleRow {
  /** Printable node name, without pprof's " (inline)" / " (partial-inline)" markers. With `lines`, `func file:line`. */
  name: string;
  flat: number;
  flatPct: number;
  sumPct: number;
  cum: number;
  cumPct: number;
}

export interface OracleTop {
  /** "of N total" from the report header, in the sample type's unit. */
  total: number;
  rows: OracleRow[];
}

export interface OracleOptions {
  /** pprof's -sample_index: a sample type name (e.g. "inuse_space") or an index. */
  sampleIndex?: string;
  /** -lines: one node per function and source line. */
  lines?: boolean;
  /** -diff_base=FILE: subtract this profile (percentages relative to its total). */
  diffBase?: string;
  /** -normalize: scale the profile to the base's total first (with diffBase). */
  normalize?: boolean;
  /** pprof's sample filters, passed as -focus=…, -tagfocus=…, and so on. */
  filters?: OracleFilters;
  /** -relative_percentages: percentages of the filtered samples. */
  relative?: boolean;
}

/** The filter flags of `go tool pprof`: ours but the sample-label selector, which pprof does not have. */
export type OracleFilters = Omit<FilterSpec, 'sampleLabels' | 'relativePercentages'>;

/** The filter flags as pprof arguments. */
export function oracleFilterArgs(filters: OracleFilters = {}): string[] {
  return Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => `-${k}=${v}`);
}

/** Flags that make `go tool pprof -top` print every node, without symbolization. */
export const ORACLE_TOP_FLAGS: readonly string[] = [
  '-top',
  '-symbolize=none',
  '-nodefraction=0',
  '-edgefraction=0',
  '-nodecount=1000000',
];

const MAX_BUFFER = 256 * 1024 * 1024;

let goAvailableCache: boolean | undefined;
let pprofTmpDir: string | undefined;

function oracleTmpDir(): string {
  if (pprofTmpDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'flamewatch-oracle-'));
    pprofTmpDir = dir;
    process.once('exit', () => {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    });
  }
  return pprofTmpDir;
}

function goEnv(): NodeJS.ProcessEnv {
  const dir = oracleTmpDir();
  const env: NodeJS.ProcessEnv = { ...process.env, PPROF_TMPDIR: dir };
  if (env['HOME'] === undefined || env['HOME'] === '') env['HOME'] = dir;
  // Never open a browser or a web UI, whatever the user's environment says.
  delete env['PPROF_TOOLS'];
  return env;
}

/** Runs `go ARGS` in a scratch folder, returning stdout; a failure throws with pprof's stderr. */
export function runGo(args: string[]): string {
  try {
    return execFileSync('go', args, {
      cwd: oracleTmpDir(),
      env: goEnv(),
      encoding: 'utf8',
      maxBuffer: MAX_BUFFER,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim() : String(err);
    throw new Error(`go ${args.join(' ')} failed: ${detail}`);
  }
}

/** Whether `go` is on PATH (the answer is cached for the process). */
export function goAvailable(): boolean {
  if (goAvailableCache === undefined) {
    try {
      runGo(['version']);
      goAvailableCache = true;
    } catch {
      goAvailableCache = false;
    }
  }
  return goAvailableCache;
}

export interface OracleSampleType {
  type: string;
  unit: string;
  isDefault: boolean;
}

/** Sample types from `go tool pprof -raw`: the line after "Samples:", e.g. "alloc_space/bytes[dflt] inuse_space/bytes". */
export function oracleSampleTypes(file: string): OracleSampleType[] {
  const out = runGo(['tool', 'pprof', '-raw', '-symbolize=none', file]);
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.trim() === 'Samples:');
  const header = at >= 0 ? lines[at + 1] : undefined;
  if (header === undefined) throw new Error(`go tool pprof -raw ${file}: no "Samples:" section`);
  return header
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((token) => {
      const isDefault = token.endsWith('[dflt]');
      const bare = isDefault ? token.slice(0, -'[dflt]'.length) : token;
      const slash = bare.lastIndexOf('/');
      return slash >= 0
        ? { type: bare.slice(0, slash), unit: bare.slice(slash + 1), isDefault }
        : { type: bare, unit: '', isDefault };
    });
}

// Unit aliases pprof converts between (internal/measurement); anything else is printed unscaled.
const SCALED_UNITS = new Set([
  'b', 'byte', 'kb', 'kbyte', 'kilobyte', 'mb', 'mbyte', 'megabyte', 'gb', 'gbyte', 'gigabyte',
  'tb', 'tbyte', 'terabyte', 'pb', 'pbyte', 'petabyte',
  'ns', 'nanosecond', 'μs', 'us', 'microsecond', 'ms', 'millisecond', 's', 'sec', 'second', 'hour', 'hr',
  'nanogcu', 'microgcu', 'milligcu', 'gcu', 'kilogcu', 'megagcu', 'gigagcu', 'teragcu', 'petagcu',
]);

function sniffUnit(unit: string): string {
  const u = unit.toLowerCase();
  return u.length > 2 && u.endsWith('s') ? u.slice(0, -1) : u;
}

/** The -unit value that makes pprof print values of this sample unit unscaled. */
export function rawUnitFlag(unit: string): string {
  return SCALED_UNITS.has(sniffUnit(unit)) && /^[A-Za-zμ]+$/.test(unit) ? unit : 'count';
}

export function chosenSampleType(types: OracleSampleType[], sampleIndex: string | undefined): OracleSampleType {
  if (types.length === 0) throw new Error('profile has no sample types');
  if (sampleIndex === undefined || sampleIndex === '') {
    return types.find((t) => t.isDefault) ?? types[types.length - 1]!;
  }
  if (/^\d+$/.test(sampleIndex)) {
    const t = types[Number(sampleIndex)];
    if (t === undefined) throw new Error(`sample index ${sampleIndex} out of range (${types.length} types)`);
    return t;
  }
  const name = sampleIndex.replace(/^sample_index=/, '');
  const t = types.find((x) => x.type === name);
  if (t === undefined) {
    throw new Error(`sample type ${name} not in profile (${types.map((x) => x.type).join(', ')})`);
  }
  return t;
}

const VALUE_RE = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)[^\d\s]*$/i;

/** Parses a value printed by pprof ("1340000000ns", "-20B", "0", "42") into an exact integer. */
export function parseOracleValue(text: string): number {
  const m = VALUE_RE.exec(text);
  if (m === null) throw new Error(`unparsable pprof value ${JSON.stringify(text)}`);
  const v = Number(m[1]);
  if (!Number.isSafeInteger(v)) throw new Error(`pprof value ${JSON.stringify(text)} is not an exact integer`);
  return v === 0 ? 0 : v; // no -0
}

function parsePct(text: string): number {
  const v = Number.parseFloat(text);
  if (Number.isNaN(v)) throw new Error(`unparsable pprof percentage ${JSON.stringify(text)}`);
  return v;
}

const INLINE_MARKERS = [' (partial-inline)', ' (inline)'];

function stripInlineMarker(name: string): string {
  for (const marker of INLINE_MARKERS) {
    if (name.endsWith(marker)) return name.slice(0, -marker.length);
  }
  return name;
}

// "%10s %s %s %10s %s  %s%s": flat, flat%, sum%, cum, cum%, two spaces, name.
const ROW_RE = /^\s*(\S+) +(\S+)% +(\S+)% +(\S+) +(\S+)%  (.+)$/;
const TOTAL_RE = /^Showing nodes accounting for \S+, \S+ of (\S+) total/m;

/** Parses the text of `go tool pprof -top` (run with a raw -unit) into exact rows. */
export function parseOracleTopText(text: string): OracleTop {
  const totalMatch = TOTAL_RE.exec(text);
  if (totalMatch === null) throw new Error('go tool pprof -top output has no "of N total" header');
  const total = parseOracleValue(totalMatch[1]!);
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /^\s*flat\s+flat%\s+sum%\s+cum\s+cum%\s*$/.test(l));
  if (headerAt < 0) throw new Error('go tool pprof -top output has no column header');
  const rows: OracleRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '') continue;
    const m = ROW_RE.exec(line);
    if (m === null) throw new Error(`unparsable go tool pprof -top row ${JSON.stringify(line)}`);
    rows.push({
      name: stripInlineMarker(m[6]!),
      flat: parseOracleValue(m[1]!),
      flatPct: parsePct(m[2]!),
      sumPct: parsePct(m[3]!),
      cum: parseOracleValue(m[4]!),
      cumPct: parsePct(m[5]!),
    });
  }
  return { total, rows };
}

/** The pprof arguments oracleTop uses (exposed for messages and debugging). */
export function oracleTopArgs(files: string[], opts: OracleOptions = {}): string[] {
  if (files.length === 0) throw new Error('oracleTop needs at least one profile');
  const types = oracleSampleTypes(files[0]!);
  const chosen = chosenSampleType(types, opts.sampleIndex);
  const args = ['tool', 'pprof', ...ORACLE_TOP_FLAGS, `-unit=${rawUnitFlag(chosen.unit)}`];
  if (opts.sampleIndex !== undefined && opts.sampleIndex !== '') args.push(`-sample_index=${opts.sampleIndex}`);
  if (opts.lines === true) args.push('-lines');
  if (opts.diffBase !== undefined) args.push(`-diff_base=${opts.diffBase}`);
  if (opts.normalize === true) args.push('-normalize');
  args.push(...oracleFilterArgs(opts.filters));
  if (opts.relative === true) args.push('-relative_percentages');
  args.push(...files);
  return args;
}

/**
 * Runs `go tool pprof -top` on the given profiles (merged, as pprof does) and
 * returns every row with exact values in the sample type's unit.
 */
export function oracleTop(files: string[], opts: OracleOptions = {}): OracleTop {
  return parseOracleTopText(runGo(oracleTopArgs(files, opts)));
}
