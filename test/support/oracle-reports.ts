// `go tool pprof` reports other than -top, run with a raw -unit so values are exact, and
// parsed: -tags, -peek, -list and -dot. See oracle.ts for how the raw unit is chosen.
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';
import { chosenSampleType, oracleFilterArgs, oracleSampleTypes, parseOracleValue, rawUnitFlag, runGo } from './oracle.js';
import type { OracleFilters } from './oracle.js';

export interface ReportOptions {
  sampleIndex?: string;
  filters?: OracleFilters;
  lines?: boolean;
  /** -unit; default the raw unit of the sample type (exact values). */
  unit?: string;
  /** -relative_percentages */
  relative?: boolean;
}

function pprof(files: string[], report: string[], opts: ReportOptions): string {
  const unit = opts.unit ?? rawUnitFlag(chosenSampleType(oracleSampleTypes(files[0]!), opts.sampleIndex).unit);
  const args = ['tool', 'pprof', '-symbolize=none', ...report, `-unit=${unit}`, ...oracleFilterArgs(opts.filters)];
  if (opts.sampleIndex !== undefined) args.push(`-sample_index=${opts.sampleIndex}`);
  if (opts.lines === true) args.push('-lines');
  if (opts.relative === true) args.push('-relative_percentages');
  return runGo([...args, ...files]);
}

const num = (text: string) => Number(/^-?[\d.]+(?:e[+-]?\d+)?/i.exec(text)?.[0] ?? NaN);

export interface OracleTagKey {
  key: string;
  total: number;
  values: { value: string; total: number; pct: number }[];
}

/** `go tool pprof -tags`: each key's total and each value's total and printed share. */
export function oracleTags(files: string[], opts: ReportOptions = {}): OracleTagKey[] {
  const keys: OracleTagKey[] = [];
  for (const line of pprof(files, ['-tags'], opts).split('\n')) {
    const head = /^\s*(\S.*): +Total (\S+)$/.exec(line);
    if (head) { keys.push({ key: head[1]!, total: num(head[2]!), values: [] }); continue; }
    const row = /^\s+(\S+) \(\s*(\S+)%\): +(.*)$/.exec(line);
    if (row) keys.at(-1)!.values.push({ value: row[3]!, total: num(row[1]!), pct: Number(row[2]) });
  }
  return keys;
}

export interface OraclePeekEdge { name: string; weight: number; pct: number; inline: boolean }
export interface OraclePeekRow {
  name: string; flat: number; flatPct: number; sumPct: number; cum: number; cumPct: number;
  callers: OraclePeekEdge[]; callees: OraclePeekEdge[];
}

/** `go tool pprof -peek REGEX`: each matching node with its callers and callees. */
export function oraclePeek(files: string[], regex: string, opts: ReportOptions = {}): OraclePeekRow[] {
  const rows: OraclePeekRow[] = [];
  let pending: OraclePeekEdge[] = [];
  let current: OraclePeekRow | undefined;
  for (const line of pprof(files, [`-peek=${regex}`], opts).split('\n')) {
    if (line.startsWith('-----')) { current = undefined; pending = []; continue; }
    const node = /^\s*(\S+)\s+(\S+)%\s+(\S+)%\s+(\S+)\s+(\S+)%\s+\| (.+)$/.exec(line);
    if (node) {
      current = {
        name: node[6]!, flat: parseOracleValue(node[1]!), flatPct: Number(node[2]), sumPct: Number(node[3]),
        cum: parseOracleValue(node[4]!), cumPct: Number(node[5]), callers: pending, callees: [],
      };
      rows.push(current);
      continue;
    }
    const edge = /^\s+(\S+)\s+(\S+)% \|   (.+?)( \(inline\))?$/.exec(line);
    if (edge) {
      const e = { name: edge[3]!, weight: parseOracleValue(edge[1]!), pct: Number(edge[2]), inline: edge[4] !== undefined };
      if (current) current.callees.push(e);
      else pending.push(e);
    }
  }
  return rows;
}

export interface OracleRoutine { function: string; flat: number; cum: number; cumPct: number; lines: { line: number; flat: number; cum: number }[] }

/**
 * `go tool pprof -list REGEX`: each routine's totals and its lines with a value. The hotspots
 * sources are found under test/go (their paths start with the module path, trimmed here).
 */
export function oracleList(files: string[], regex: string, opts: ReportOptions = {}): OracleRoutine[] {
  const out = pprof(files, [`-list=${regex}`, `-source_path=${join(repoRoot, 'test', 'go')}`, '-trim_path=flamewatch.test/hotspots'], opts);
  const routines: OracleRoutine[] = [];
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const head = /^ROUTINE =+ (.+) in (.+)$/.exec(lines[i]!);
    if (head) {
      const sums = /^\s*(\S+)\s+(\S+) \(flat, cum\)\s+(\S+)% of Total/.exec(lines[++i]!)!;
      routines.push({ function: head[1]!, flat: parseOracleValue(sums[1]!), cum: parseOracleValue(sums[2]!), cumPct: Number(sums[3]), lines: [] });
      continue;
    }
    const row = /^\s*(\S+)\s+(\S+)\s+(\d+):/.exec(lines[i]!);
    if (row && routines.length > 0) {
      const v = (s: string) => (s === '.' ? 0 : parseOracleValue(s));
      const flat = v(row[1]!), cum = v(row[2]!);
      if (flat !== 0 || cum !== 0) routines.at(-1)!.lines.push({ line: Number(row[3]), flat, cum });
    }
  }
  return routines;
}

export interface DotGraph {
  nodes: Map<string, { flat: number; cum: number }>;
  edges: Map<string, { weight: number; residual: boolean; inline: boolean }>;
}

/** Parses DOT as pprof writes it (values exact with a raw unit): nodes by name, edges by `src -> dest`. */
export function parseDot(dot: string, exact = true): DotGraph {
  const value = (s: string) => (exact ? parseOracleValue(s) : NaN);
  const names = new Map<string, string>();
  const graph: DotGraph = { nodes: new Map(), edges: new Map() };
  for (const line of dot.split('\n')) {
    const node = /^N(\d+) \[label="(.*)" id="node\d+" .* tooltip="(.*) \((\S+)\)" color=/.exec(line);
    if (node) {
      names.set(node[1]!, node[3]!);
      const parts = node[2]!.split('\\n');
      const flatPart = parts.find((p) => /^\S+ \(\S+%\)$/.test(p));
      graph.nodes.set(node[3]!, { flat: flatPart === undefined ? 0 : value(flatPart.split(' ')[0]!), cum: value(node[4]!) });
      continue;
    }
    const edge = /^N(\d+) -> N(\d+) \[label=" (\S+?)(\\n \(inline\))?".* tooltip="(.*) (->|\.\.\.) (.*) \(\S+\)" labeltooltip/.exec(line);
    if (edge) {
      graph.edges.set(`${names.get(edge[1]!)} -> ${names.get(edge[2]!)}`, { weight: value(edge[3]!), residual: edge[6] === '...', inline: edge[4] !== undefined });
    }
  }
  return graph;
}

/** `go tool pprof -dot` with its default trimming, parsed. */
export function oracleDot(files: string[], opts: ReportOptions = {}): DotGraph {
  return parseDot(pprof(files, ['-dot'], opts));
}
