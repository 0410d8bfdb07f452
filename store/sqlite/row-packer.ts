import type { Profile } from '../../codec/profile.js';
import { sampleLabelKeys } from '../label-sets.js';
import type { LabelSetDictionary } from './label-set-dictionary.js';
import { encodeSamples } from './sample-blob.js';
import type { VarintWriter } from './varint.js';

/** The packed rows of a profile, and with labels the totals of each label set's rows. */
export interface PackedRows {
  samples: Uint8Array;
  /** Rows (label set id, Σ|value| per column) in the sample-blob format, for series and catalogs; none without labels. */
  labelTotals?: Uint8Array;
}

/**
 * Packs a profile's samples into stored rows: samples with the same stack and label set
 * (store/label-sets.ts) are summed into one row, in sample order; rows are sorted by (stack id,
 * label set id). A stack's first row is found through a dense array by stack id, its others
 * (other label sets of the same stack, rare) by a short chain: no hashing per sample. Scratch
 * is kept from one profile to the next.
 */
export class RowPacker {
  /** Per stack id: its first row in this profile, -1 for none (reset through `stacks`). */
  private firstRow = new Int32Array(0).fill(-1);
  /** The stacks with rows, in the order first met. */
  private stacks = new Uint32Array(1024);
  private rowStack = new Uint32Array(1024);
  private rowSet = new Uint32Array(1024);
  /** Per row: the label key index (`sampleLabelKeys`) of its set, for the totals. */
  private rowKey = new Uint32Array(1024);
  /** Per row: the stack's next row, -1 for none. */
  private rowNext = new Int32Array(1024);
  private rowValues = new Float64Array(1024);

  constructor(private readonly labelSets: LabelSetDictionary, private readonly writer: VarintWriter) {}

  /** `stackIds[i]` is sample i's stack id, 0 for a sample of zeros (no row); `stackCapacity` one past the largest. */
  pack(p: Profile, stackIds: Uint32Array, stackCapacity: number): PackedRows {
    const labelKeys = sampleLabelKeys(p);
    const keyOf = labelKeys?.of;
    const { count, values } = p.samples;
    const width = p.sampleTypes.length;
    // Label set id of each distinct key, looked up when a non-zero sample first uses it.
    const setOf = new Int32Array(labelKeys === undefined ? 1 : labelKeys.keys.length).fill(-1);
    if (labelKeys === undefined) setOf[0] = 0;
    if (this.firstRow.length < stackCapacity) this.firstRow = new Int32Array(stackCapacity * 2).fill(-1);
    this.reserve(count, width);
    const firstRow = this.firstRow;
    let outStacks: Uint32Array, outSets: Uint32Array, outValues: Float64Array, keyTotals: Float64Array | undefined;
    let rows = 0, stackCount = 0, labelled = false;
    try {
      for (let i = 0; i < count; i++) {
      const stack = stackIds[i]!;
      if (stack === 0) continue;
      const k = keyOf === undefined ? 0 : keyOf[i]!;
      let set = setOf[k]!;
      if (set < 0) setOf[k] = set = this.labelSets.idOf(labelKeys!.keys[k]!);
      if (set !== 0) labelled = true;
        const first = firstRow[stack]!;
        let row = first;
        if (first < 0) {
          this.stacks[stackCount++] = stack;
          row = firstRow[stack] = this.addRow(rows++, stack, set, k, -1);
        } else {
          while (row >= 0 && this.rowSet[row] !== set) row = this.rowNext[row]!;
          if (row < 0) {
            // Another label set of the stack: a row chained after its first.
            row = this.addRow(rows++, stack, set, k, this.rowNext[first]!);
            this.rowNext[first] = row;
          }
        }
        const acc = this.rowValues, at = row * width, v = i * width;
        for (let c = 0; c < width; c++) acc[at + c]! += values[v + c]!;
      }
      // Rows in (stack id, label set id) order: the stacks sorted, then each stack's chain by set.
      const stacks = this.stacks.subarray(0, stackCount).sort();
      outStacks = new Uint32Array(rows); outSets = new Uint32Array(rows); outValues = new Float64Array(rows * width);
      keyTotals = labelled ? new Float64Array(setOf.length * width) : undefined;
      let out = 0;
      const chain: number[] = [];
      for (let s = 0; s < stackCount; s++) {
        let row = firstRow[stacks[s]!]!;
        if (this.rowNext[row]! < 0) out = this.emit(row, out, outStacks, outSets, outValues, keyTotals, width);
        else {
          chain.length = 0;
          for (; row >= 0; row = this.rowNext[row]!) chain.push(row);
          chain.sort((a, b) => this.rowSet[a]! - this.rowSet[b]!);
          for (const r of chain) out = this.emit(r, out, outStacks, outSets, outValues, keyTotals, width);
        }
      }
    } finally {
      // The scratch is left clean for the next profile, even after a failure.
      for (let s = 0; s < stackCount; s++) firstRow[this.stacks[s]!] = -1;
      this.rowValues.fill(0, 0, rows * width);
    }
    const samples = encodeSamples(this.writer, rows, width, outStacks, outValues, labelled ? outSets : undefined);
    if (keyTotals === undefined) return { samples };
    // Per label set (the empty one included, as id 0): Σ|value| of its rows.
    const setIds: number[] = [];
    for (let k = 0; k < setOf.length; k++) if (setOf[k]! >= 0) setIds.push(k);
    setIds.sort((a, b) => setOf[a]! - setOf[b]!);
    const totals = new Float64Array(setIds.length * width);
    setIds.forEach((k, j) => totals.set(keyTotals.subarray(k * width, (k + 1) * width), j * width));
    return { samples, labelTotals: encodeSamples(this.writer, setIds.length, width, setIds.map((k) => setOf[k]!), totals) };
  }

  /** Room for `rows` rows (a profile has at most a row per sample) of `width` values, zeroed. */
  private reserve(rows: number, width: number): void {
    if (rows > this.rowStack.length) {
      const size = rows * 2;
      this.stacks = new Uint32Array(size);
      this.rowStack = new Uint32Array(size);
      this.rowSet = new Uint32Array(size);
      this.rowKey = new Uint32Array(size);
      this.rowNext = new Int32Array(size);
    }
    if (rows * width > this.rowValues.length) this.rowValues = new Float64Array(rows * width * 2);
  }

  /** Writes row `row` of (stack, set), its next row `next`; returns its index. */
  private addRow(row: number, stack: number, set: number, key: number, next: number): number {
    this.rowStack[row] = stack;
    this.rowSet[row] = set;
    this.rowKey[row] = key;
    this.rowNext[row] = next;
    return row;
  }

  /** Writes row `row` at output position `out` (and adds its |values| to its label key's totals); returns the next position. */
  private emit(row: number, out: number, stacks: Uint32Array, sets: Uint32Array, values: Float64Array, keyTotals: Float64Array | undefined, width: number): number {
    stacks[out] = this.rowStack[row]!;
    sets[out] = this.rowSet[row]!;
    const from = row * width, to = out * width, k = this.rowKey[row]! * width;
    for (let c = 0; c < width; c++) {
      const value = this.rowValues[from + c]!;
      values[to + c] = value;
      if (keyTotals !== undefined) keyTotals[k + c]! += Math.abs(value);
    }
    return out + 1;
  }
}
