import { compileGoRegexp } from './go-regexp.js';
import type { GoRegexp } from './go-regexp.js';
import { nodeWeights, percent } from './node-weights.js';
import { stackTotal } from './stack-set.js';
import type { StackSet } from './stack-set.js';

export interface LineRow {
  function: string;
  file: string;
  line: number;
  flat: number;
  flatPct: number;
  cum: number;
  cumPct: number;
}

export interface LineTable {
  type: string;
  unit: string;
  total: number;
  /** The function name or pattern asked for. */
  function: string;
  rows: LineRow[];
}

/**
 * pprof's `-list=regexp` pattern for a function: a Go regular expression matched anywhere in
 * the name; a name that is not a valid expression (e.g. `regexp.(*machine).add`) is matched
 * literally.
 */
export function functionPattern(text: string): GoRegexp {
  try {
    return compileGoRegexp(text, 'function');
  } catch {
    return { source: text, test: (name) => name.includes(text) };
  }
}

/**
 * pprof `list` without source: flat and cum of each line of the functions named `fn` (a name,
 * or a pattern as `-list` takes; line granularity stacks required), ordered by function, file
 * and line. Cum counts a line once per stack.
 */
export function lineTable(stacks: StackSet, fn: string | GoRegexp): LineTable {
  if (stacks.granularity !== 'line') throw new TypeError('lineTable needs line-granularity stacks');
  const matches = typeof fn === 'string' ? (name: string) => name === fn : (name: string) => fn.test(name);
  const total = stackTotal(stacks);
  const { flat, cum } = nodeWeights(stacks);
  const rows: LineRow[] = [];
  stacks.frames.forEach((frame, id) => {
    if (frame.functionName === '' || !matches(frame.functionName) || (flat[id] === 0 && cum[id] === 0)) return;
    rows.push({
      function: frame.functionName, file: frame.file, line: frame.line, flat: flat[id]!, flatPct: percent(flat[id]!, total),
      cum: cum[id]!, cumPct: percent(cum[id]!, total),
    });
  });
  const order = (a: string, b: string) => (a === b ? 0 : a < b ? -1 : 1);
  rows.sort((a, b) => order(a.function, b.function) || order(a.file, b.file) || a.line - b.line);
  return { type: stacks.sampleType.type, unit: stacks.sampleType.unit, total, function: typeof fn === 'string' ? fn : fn.source, rows };
}
