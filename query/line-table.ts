import { nodeWeights, percent } from './node-weights.js';
import { stackTotal } from './stack-set.js';
import type { StackSet } from './stack-set.js';

export interface LineRow {
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
  function: string;
  rows: LineRow[];
}

/**
 * pprof `list` without source: flat and cum of each line of one function (line granularity
 * stacks required), ordered by file and line. Cum counts a line once per stack.
 */
export function lineTable(stacks: StackSet, functionName: string): LineTable {
  if (stacks.granularity !== 'line') throw new TypeError('lineTable needs line-granularity stacks');
  const total = stackTotal(stacks);
  const { flat, cum } = nodeWeights(stacks);
  const rows: LineRow[] = [];
  stacks.frames.forEach((frame, id) => {
    if (frame.functionName !== functionName || (flat[id] === 0 && cum[id] === 0)) return;
    rows.push({
      file: frame.file, line: frame.line, flat: flat[id]!, flatPct: percent(flat[id]!, total),
      cum: cum[id]!, cumPct: percent(cum[id]!, total),
    });
  });
  rows.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return { type: stacks.sampleType.type, unit: stacks.sampleType.unit, total, function: functionName, rows };
}
