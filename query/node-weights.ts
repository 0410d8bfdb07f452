import type { StackSet } from './stack-set.js';

/** Flat and cum per frame id, cum counted once per stack even under recursion. */
export interface NodeWeights {
  flat: Float64Array;
  cum: Float64Array;
}

/** Computes flat (leaf) and cum (anywhere in the stack, once per stack) per frame. */
export function nodeWeights(stacks: StackSet): NodeWeights {
  const n = stacks.frames.length;
  const flat = new Float64Array(n);
  const cum = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const { offsets, frameIds, values } = stacks;
  for (let i = 0; i < stacks.count; i++) {
    const v = values[i]!;
    if (v === 0) continue;
    const start = offsets[i]!, end = offsets[i + 1]!;
    if (start === end) continue;
    flat[frameIds[start]!]! += v;
    for (let k = start; k < end; k++) {
      const f = frameIds[k]!;
      if (seen[f] !== i) {
        seen[f] = i;
        cum[f]! += v;
      }
    }
  }
  return { flat, cum };
}

/** pprof's node order: |flat| descending, then printable name, then |cum| descending. */
export function compareNodes(aFlat: number, aName: string, aCum: number, bFlat: number, bName: string, bCum: number): number {
  const fa = Math.abs(aFlat), fb = Math.abs(bFlat);
  if (fa !== fb) return fb - fa;
  if (aName !== bName) return aName < bName ? -1 : 1;
  return Math.abs(bCum) - Math.abs(aCum);
}

/** value ÷ total × 100, 0 when the total is 0. */
export function percent(value: number, total: number): number {
  return total === 0 ? 0 : (100 * value) / total;
}
