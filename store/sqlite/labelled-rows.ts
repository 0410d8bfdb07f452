import type { Profile } from '../../codec/profile.js';
import { sampleLabelKeys } from '../label-sets.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { RowSums } from './row-sums.js';
import { encodeSamples } from './sample-blob.js';
import type { VarintWriter } from './varint.js';

/** The packed rows of a labelled profile, and the totals of each label set's rows. */
export interface LabelledRows {
  samples: Uint8Array;
  /** Rows (label set id, Σ|value| per column) in the sample-blob format, for series and catalogs. */
  labelTotals: Uint8Array;
}

/**
 * Packs the samples of a profile that carries labels: samples with the same stack and label
 * set (store/label-sets.ts) are summed into one row, rows sorted by (stack id, label set id).
 * Undefined when the profile has no labels pprof would read: then rows are per stack alone.
 */
export class LabelledRowPacker {
  /** Scratch sums per sample-type count, reused from one profile to the next. */
  private readonly sums = new Map<number, RowSums>();

  constructor(private readonly labelSets: LabelSetDictionary, private readonly writer: VarintWriter) {}

  /** `stackIds[i]` is sample i's stack id, 0 for a sample of zeros (no row); `stackCapacity` one past the largest. */
  pack(p: Profile, stackIds: Uint32Array, stackCapacity: number): LabelledRows | undefined {
    const labelKeys = sampleLabelKeys(p);
    if (labelKeys === undefined) return undefined;
    const { count, values } = p.samples;
    const width = p.sampleTypes.length;
    // Label set id of each distinct key, looked up when a non-zero sample first uses it.
    const setOf = new Int32Array(labelKeys.keys.length).fill(-1), keyOf = labelKeys.of;
    let labelled = false;
    let sums = this.sums.get(width);
    if (sums === undefined || sums.base < stackCapacity) this.sums.set(width, (sums = new RowSums(stackCapacity * 2, width)));
    for (let i = 0; i < count; i++) {
      const stack = stackIds[i]!;
      if (stack === 0) continue;
      const v = i * width;
      const k = keyOf[i]!;
      let set = setOf[k]!;
      if (set < 0) setOf[k] = set = this.labelSets.idOf(labelKeys.keys[k]!);
      if (set !== 0) labelled = true;
      const slot = sums.slot(stack, set);
      const acc = sums.layers[0]!;
      for (let c = 0; c < width; c++) acc[slot * width + c]! += values[v + c]!;
      sums.touch(slot);
    }
    if (!labelled) {
      sums.reset();
      return undefined;
    }
    const slots = sums.sorted();
    const n = slots.length, acc = sums.layers[0]!;
    const rowStacks = new Uint32Array(n), rowSets = new Uint32Array(n), rowValues = new Float64Array(n * width);
    const totals = new Map<number, Float64Array>();
    for (let r = 0; r < n; r++) {
      const s = slots[r]!, set = sums.labelSetOf(s);
      rowStacks[r] = sums.stackOf(s);
      rowSets[r] = set;
      let t = totals.get(set);
      if (t === undefined) totals.set(set, (t = new Float64Array(width)));
      for (let c = 0; c < width; c++) {
        const value = acc[s * width + c]!;
        rowValues[r * width + c] = value;
        t[c]! += Math.abs(value);
      }
    }
    sums.reset();
    const setIds = Uint32Array.from(totals.keys()).sort();
    const setTotals = new Float64Array(setIds.length * width);
    setIds.forEach((set, i) => setTotals.set(totals.get(set)!, i * width));
    return {
      samples: encodeSamples(this.writer, n, width, rowStacks, rowValues, rowSets),
      labelTotals: encodeSamples(this.writer, setIds.length, width, setIds, setTotals),
    };
  }
}
