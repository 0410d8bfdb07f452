import { compareNodes, nodeWeights, percent } from './node-weights.js';
import { stackTotal } from './stack-set.js';
import type { StackSet } from './stack-set.js';

/** One row of the top table, as `go tool pprof -top` prints it. */
export interface TopRow {
  name: string;
  file: string;
  line?: number;
  flat: number;
  flatPct: number;
  sumPct: number;
  cum: number;
  cumPct: number;
}

export interface TopResult {
  type: string;
  unit: string;
  total: number;
  rows: TopRow[];
}

export interface TopOptions {
  /** Keep only the first `limit` rows (sum% is computed over all rows first). */
  limit?: number;
}

/** The exact `go tool pprof -top -nodefraction=0` table of a stack set. */
export function top(stacks: StackSet, options: TopOptions = {}): TopResult {
  const total = stackTotal(stacks);
  const { flat, cum } = nodeWeights(stacks);
  const ids: number[] = [];
  for (let f = 0; f < stacks.frames.length; f++) if (flat[f] !== 0 || cum[f] !== 0) ids.push(f);
  const names = stacks.frames.map((fr) => fr.name);
  ids.sort((a, b) => compareNodes(flat[a]!, names[a]!, cum[a]!, flat[b]!, names[b]!, cum[b]!));
  const rows: TopRow[] = [];
  let running = 0;
  const limit = options.limit ?? ids.length;
  for (const id of ids) {
    if (rows.length >= limit) break;
    const frame = stacks.frames[id]!;
    running += flat[id]!;
    const row: TopRow = {
      name: frame.name, file: frame.file, flat: flat[id]!, flatPct: percent(flat[id]!, total),
      sumPct: percent(running, total), cum: cum[id]!, cumPct: percent(cum[id]!, total),
    };
    if (stacks.granularity === 'line') row.line = frame.line;
    rows.push(row);
  }
  return { type: stacks.sampleType.type, unit: stacks.sampleType.unit, total, rows };
}
