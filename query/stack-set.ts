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

/** Builds a StackSet from parallel arrays, growing as stacks are appended. */
export class StackSetBuilder {
  readonly interner = new FrameInterner();
  private offsets: number[] = [0];
  private frameIds: number[] = [];
  private values: number[] = [];

  constructor(readonly sampleType: ValueType, readonly granularity: Granularity) {}

  /** Appends one stack (frame ids leaf first) with its value. */
  push(frameIds: ArrayLike<number>, value: number): void {
    for (let i = 0; i < frameIds.length; i++) this.frameIds.push(frameIds[i]!);
    this.offsets.push(this.frameIds.length);
    this.values.push(value);
  }

  build(): StackSet {
    return {
      sampleType: this.sampleType,
      granularity: this.granularity,
      frames: this.interner.frames,
      count: this.values.length,
      offsets: Uint32Array.from(this.offsets),
      frameIds: Uint32Array.from(this.frameIds),
      values: Float64Array.from(this.values),
    };
  }
}

/** Sum of |value| over all stacks: pprof's total. */
export function stackTotal(stacks: StackSet): number {
  let total = 0;
  for (let i = 0; i < stacks.count; i++) total += Math.abs(stacks.values[i]!);
  return total;
}
