import type { GoRegexp } from './go-regexp.js';
import { lineTable } from './line-table.js';
import { percent } from './node-weights.js';
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
 * (by name, then file), with flat and cum per source line: the line table's rows, grouped.
 * Needs line-granularity stacks.
 */
export function listFunctions(stacks: StackSet, regex: GoRegexp): ListResult {
  const table = lineTable(stacks, regex);
  const routines = new Map<string, ListRoutine>();
  for (const row of table.rows) {
    if (row.file === '') continue;
    const key = `${row.function}\0${row.file}`;
    let r = routines.get(key);
    if (r === undefined) {
      r = { function: row.function, file: row.file, flat: 0, cum: 0, cumPct: 0, lines: [] };
      routines.set(key, r);
    }
    r.flat += row.flat;
    r.cum += row.cum;
    r.lines.push({ line: row.line, flat: row.flat, cum: row.cum });
  }
  const out = [...routines.values()];
  for (const r of out) r.cumPct = percent(r.cum, table.total);
  return { type: table.type, unit: table.unit, total: table.total, routines: out };
}
