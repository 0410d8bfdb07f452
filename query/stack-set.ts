import type { ValueType } from '../codec/profile.js';

/** `function`: one node per function, as `go tool pprof` by default; `line`: one per `function file:line`. */
export type Granularity = 'function' | 'line';

/** One node of pprof's graph: a function, or a function at a source line. */
export interface Frame {
  /** The printable name, exactly as `go tool pprof` prints it; frames are identified by it. */
  name: string;
  /** The function name alone ('' for frames without symbols). */
  functionName: string;
  file: string;
  /** Source line at line granularity, 0 otherwise. */
  line: number;
}

/**
 * Stacks of frames, each with one value: the input of every analysis. Stack `i` is
 * `frameIds[offsets[i]..offsets[i+1])`, leaf first.
 */
export interface StackSet {
  sampleType: ValueType;
  granularity: Granularity;
  frames: Frame[];
  count: number;
  offsets: Uint32Array;
  frameIds: Uint32Array;
  values: Float64Array;
  /**
   * Parallel to `frameIds`: 1 where the frame is an inlined call inside its location (not the
   * location's last line), as pprof marks `(inline)`. Absent when unknown.
   */
  inlined?: Uint8Array;
  /**
   * pprof's total when it differs from the sum of these stacks: the total of the samples
   * before filters, which `go tool pprof` keeps as the base of every percentage.
   */
  total?: number;
}

/** Interns frames by printable name so that equal nodes share one id. */
export class FrameInterner {
  readonly frames: Frame[] = [];
  private readonly ids = new Map<string, number>();

  intern(name: string, functionName: string, file: string, line: number): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.frames.length;
      this.frames.push({ name, functionName, file, line });
      this.ids.set(name, id);
    }
    return id;
  }
}

/** pprof's total: the sum of |value| over all stacks, or over the samples before filters when filtered. */
export function stackTotal(stacks: StackSet): number {
  if (stacks.total !== undefined) return stacks.total;
  let total = 0;
  for (let i = 0; i < stacks.count; i++) total += Math.abs(stacks.values[i]!);
  return total;
}
