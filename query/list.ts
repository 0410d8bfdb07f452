import type { GoRegexp } from './go-regexp.js';
import { nodeWeights, percent } from './node-weights.js';
import { stackTotal } from './stack-set.js';
import type { StackSet } from './stack-set.js';

export interface ListLine {
  line: number;
  flat: number;
  cum: number;
}

/** One function in one source file, as `go tool pprof -list` prints a ROUTINE. */
export interface ListRoutine {
  function: string;
  file: string;
  /** Sums over the function's lines in the file, as pprof sums them for the ROUTINE header. */
  flat: number;
  cum: number;
  cumPct: number;
  /** Lines with a non-zero flat or cum, by line number. */
  lines: ListLine[];
}

export interface ListResult {
  type: string;
  unit: string;
  total: number;
  routines: ListRoutine[];
}

/**
 * `go tool pprof -list REGEX` without the source text: every function whose name matches
 * (by name, then file), with flat and cum per source line. Needs line-granularity stacks.
 */
export function listFunctions(stacks: StackSet, regex: GoRegexp): ListResult {
  if (stacks.granularity !== 'line') throw new TypeError('listFunctions needs line-granularity stacks');
  const total = stackTotal(stacks);
  const { flat, cum } = nodeWeights(stacks);
  const routines = new Map<string, ListRoutine>();
  stacks.frames.forEach((frame, id) => {
    if (frame.functionName === '' || frame.file === '' || !regex.test(frame.functionName)) return;
    if (flat[id] === 0 && cum[id] === 0) return;
    const key = `${frame.functionName}\0${frame.file}`;
    let r = routines.get(key);
    if (r === undefined) {
      r = { function: frame.functionName, file: frame.file, flat: 0, cum: 0, cumPct: 0, lines: [] };
      routines.set(key, r);
    }
    r.flat += flat[id]!;
    r.cum += cum[id]!;
    r.lines.push({ line: frame.line, flat: flat[id]!, cum: cum[id]! });
  });
  const out = [...routines.values()];
  for (const r of out) {
    r.cumPct = percent(r.cum, total);
    r.lines.sort((a, b) => a.line - b.line);
  }
  out.sort((a, b) => (a.function !== b.function ? (a.function < b.function ? -1 : 1) : a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { type: stacks.sampleType.type, unit: stacks.sampleType.unit, total, routines: out };
}
