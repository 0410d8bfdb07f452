import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { checkStoredValue } from '../ingest-rules.js';
import type { RowSums } from './row-sums.js';
import { VarintReader, VarintWriter } from './varint.js';

/**
 * The packed samples of one stored profile or rollup: rows of (stack id, label set id, values).
 * Byte 0 holds flags: 1 when the rest is deflate-raw compressed (kept only when it saves at
 * least an eighth), 2 when the rows carry label set ids (else every row's is 0, the empty set,
 * as in every blob written before labels were kept). The body:
 *
 *     uint count, uint width, uint deltasBytes, [uint labelsBytes, with flag 2]
 *     width × (uint divisor, uint ref, uint ratio, uint sectionBytes),
 *     deltas section: count × uint stack-id delta (rows sorted by stack id, then label set id),
 *     [labels section, with flag 2: count × uint label set id]
 *     one section per column with ref = 0: count × zigzag (value ÷ divisor)
 *
 * A column with ref = k + 1 has no section: it equals column k × ratio (CPU nanoseconds are
 * samples × period). Sections are column-major so a query reads only the stack ids, the label
 * set ids and the one column it needs, and so deflate finds the repetition of a steady
 * service's counts. Exact for integers below 2^52.
 */

const DEFLATED = 1;
const LABELLED = 2;

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The ratio r such that column c = r × column k on every row, or 0 when there is none. */
function columnRatio(values: ArrayLike<number>, count: number, width: number, c: number, k: number): number {
  let ratio = 0;
  for (let i = 0; i < count; i++) {
    const a = values[i * width + k]!, b = values[i * width + c]!;
    if (a === 0) {
      if (b !== 0) return 0;
      continue;
    }
    if (ratio === 0) {
      ratio = b / a;
      if (!Number.isInteger(ratio) || ratio <= 0) return 0;
    }
    if (a * ratio !== b) return 0;
  }
  return ratio;
}

const sections: VarintWriter[] = [];
const header = new VarintWriter(256);

/**
 * Encodes `count` rows sorted by (stack id, label set id): stack ids, values row-major with
 * `width` columns, and the label set ids (none, or all 0: a blob without the labels section).
 */
export function encodeSamples(
  writer: VarintWriter, count: number, width: number, stackIds: ArrayLike<number>, values: ArrayLike<number>,
  labelSetIds?: ArrayLike<number>,
): Uint8Array {
  while (sections.length <= width + 1) sections.push(new VarintWriter(4096));
  const deltas = sections[width]!;
  deltas.reset();
  let previous = 0;
  for (let i = 0; i < count; i++) {
    deltas.uint(stackIds[i]! - previous);
    previous = stackIds[i]!;
  }
  let labelled = false;
  if (labelSetIds !== undefined) for (let i = 0; i < count && !labelled; i++) if (labelSetIds[i] !== 0) labelled = true;
  const labels = sections[width + 1]!;
  labels.reset();
  if (labelled) for (let i = 0; i < count; i++) labels.uint(labelSetIds![i]!);
  header.reset();
  header.uint(count);
  header.uint(width);
  header.uint(deltas.length);
  if (labelled) header.uint(labels.length);
  for (let c = 0; c < width; c++) {
    const section = sections[c]!;
    section.reset();
    let ref = 0, ratio = 0;
    for (let k = 0; k < c && ref === 0; k++) {
      ratio = columnRatio(values, count, width, c, k);
      if (ratio > 0) ref = k + 1;
    }
    let g = 0;
    if (ref === 0) {
      for (let i = 0; i < count && g !== 1; i++) {
        const v = values[i * width + c]!;
        checkStoredValue(v);
        g = gcd(Math.abs(v), g);
      }
      if (g === 0) g = 1;
      for (let i = 0; i < count; i++) section.sint(values[i * width + c]! / g);
    }
    header.uint(ref === 0 ? g : 1);
    header.uint(ref);
    header.uint(ratio);
    header.uint(section.length);
  }
  const flags = labelled ? LABELLED : 0;
  writer.reset();
  writer.uint(flags);
  writer.append(header.view());
  writer.append(deltas.view());
  if (labelled) writer.append(labels.view());
  for (let c = 0; c < width; c++) writer.append(sections[c]!.view());
  const plain = writer.finish();
  if (plain.length < 256) return plain;
  const packed = deflateRawSync(plain.subarray(1), { level: 6 });
  if (packed.length + 1 > plain.length - (plain.length >> 3)) return plain;
  const out = new Uint8Array(packed.length + 1);
  out[0] = flags | DEFLATED;
  out.set(packed, 1);
  return out;
}

interface Layout {
  body: Uint8Array;
  count: number;
  width: number;
  deltasStart: number;
  /** Start of the labels section, -1 when the rows carry none. */
  labelsStart: number;
  divisors: number[];
  refs: number[];
  ratios: number[];
  starts: number[];
}

const reader = new VarintReader(new Uint8Array(0));

function layout(blob: Uint8Array): Layout {
  const flags = blob[0]!;
  const body = (flags & DEFLATED) !== 0 ? inflateRawSync(blob.subarray(1)) : blob.subarray(1);
  reader.reset(body);
  const count = reader.uint();
  const width = reader.uint();
  const deltasBytes = reader.uint();
  const labelsBytes = (flags & LABELLED) !== 0 ? reader.uint() : -1;
  const divisors: number[] = [], refs: number[] = [], ratios: number[] = [], lengths: number[] = [];
  for (let c = 0; c < width; c++) {
    divisors.push(reader.uint());
    refs.push(reader.uint());
    ratios.push(reader.uint());
    lengths.push(reader.uint());
  }
  const deltasStart = reader.pos;
  const starts: number[] = [];
  const labelsStart = labelsBytes >= 0 ? deltasStart + deltasBytes : -1;
  let pos = deltasStart + deltasBytes + Math.max(0, labelsBytes);
  for (let c = 0; c < width; c++) {
    starts.push(pos);
    pos += lengths[c]!;
  }
  return { body, count, width, deltasStart, labelsStart, divisors, refs, ratios, starts };
}

/** Section and multiplier holding column `c`, following references. */
function source(l: Layout, c: number): [number, number] {
  let scale = 1;
  while (l.refs[c]! !== 0) {
    scale *= l.ratios[c]!;
    c = l.refs[c]! - 1;
  }
  return [c, scale * l.divisors[c]!];
}

const ids = new VarintReader(new Uint8Array(0));
const sets = new VarintReader(new Uint8Array(0));
const vals = new VarintReader(new Uint8Array(0));

/** Sets the readers at the start of the stack ids, the label set ids and (given) section `c`. */
function seek(l: Layout, c?: number): void {
  ids.reset(l.body);
  ids.pos = l.deltasStart;
  sets.reset(l.body);
  sets.pos = l.labelsStart;
  if (c === undefined) return;
  vals.reset(l.body);
  vals.pos = l.starts[c]!;
}

/** The next row's label set id (0 in a blob without them). */
const nextSet = (l: Layout): number => (l.labelsStart >= 0 ? sets.uint() : 0);

/**
 * Adds column `column` of a blob, times `factor`, into layer 0 of `sums` (width 1), per row,
 * touching the slots of the rows with a value in it.
 */
export function accumulateColumn(blob: Uint8Array, column: number, sums: RowSums, factor = 1): void {
  const l = layout(blob);
  if (l.labelsStart >= 0) {
    accumulateLabelled(l, column, sums, factor);
    return;
  }
  const [c, unit] = source(l, column);
  const scale = unit * factor;
  const body = l.body, count = l.count, owner = sums.owner;
  let acc = sums.layers[0]!, marks = sums.marks;
  // The varint reads are inlined: this loop runs once per stored row of every profile in a window.
  let ip = l.deltasStart, vp = l.starts[c]!, id = 0;
  for (let i = 0; i < count; i++) {
    let b = body[ip++]!;
    if (b < 0x80) id += b;
    else {
      let d = b & 0x7f, m = 0x80;
      do {
        b = body[ip++]!;
        d += (b & 0x7f) * m;
        m *= 0x80;
      } while (b >= 0x80);
      id += d;
    }
    b = body[vp++]!;
    let u: number;
    if (b < 0x80) u = b;
    else {
      u = b & 0x7f;
      let m = 0x80;
      do {
        b = body[vp++]!;
        u += (b & 0x7f) * m;
        m *= 0x80;
      } while (b >= 0x80);
    }
    if (u === 0) continue;
    const value = (u % 2 === 0 ? u / 2 : -(u + 1) / 2) * scale;
    if (owner[id] === 1) {
      // Slot id holds the stack's row without labels: the common case, read inline.
      acc[id]! += value;
      if (marks[id] === 0) sums.touch(id);
      continue;
    }
    const slot = sums.slot(id, 0);
    acc = sums.layers[0]!;
    marks = sums.marks;
    acc[slot]! += value;
    sums.touch(slot);
  }
}

/** {@link accumulateColumn} of a blob whose rows carry label set ids. */
function accumulateLabelled(l: Layout, column: number, sums: RowSums, factor: number): void {
  const [c, unit] = source(l, column);
  const scale = unit * factor;
  seek(l, c);
  sums.reserve(l.count);
  let id = 0;
  for (let i = 0; i < l.count; i++) {
    id += ids.uint();
    const set = sets.uint();
    const v = vals.sint();
    if (v === 0) continue;
    const slot = sums.slot(id, set);
    sums.layers[0]![slot]! += v * scale;
    sums.touch(slot);
  }
}

/** Adds every column of a blob, times `factor`, into `sums.layers[layer]` (width: the blob's), per row. */
export function accumulateAll(blob: Uint8Array, sums: RowSums, layer: number, factor = 1): void {
  const l = layout(blob);
  const width = sums.width;
  if (l.width !== width) throw new RangeError(`blob has ${l.width} columns, expected ${width}`);
  seek(l);
  let id = 0;
  const slots = new Uint32Array(l.count);
  for (let i = 0; i < l.count; i++) {
    id += ids.uint();
    const slot = sums.slot(id, nextSet(l));
    slots[i] = slot;
    sums.touch(slot);
  }
  const acc = sums.layers[layer]!;
  for (let col = 0; col < width; col++) {
    const [c, scale] = source(l, col);
    seek(l, c);
    for (let i = 0; i < l.count; i++) acc[slots[i]! * width + col]! += vals.sint() * scale * factor;
  }
}

/** Calls `visit` with the stack id and label set id of each row of a blob. */
export function forEachRow(blob: Uint8Array, visit: (stackId: number, labelSetId: number) => void): void {
  const l = layout(blob);
  seek(l);
  let id = 0;
  for (let i = 0; i < l.count; i++) {
    id += ids.uint();
    visit(id, nextSet(l));
  }
}

/** The ids (the stack-id section) and one column of a blob, row by row. */
export function readColumn(blob: Uint8Array, column: number): { ids: Uint32Array; values: Float64Array } {
  const l = layout(blob);
  const [c, scale] = source(l, column);
  const out = { ids: new Uint32Array(l.count), values: new Float64Array(l.count) };
  seek(l, c);
  let id = 0;
  for (let i = 0; i < l.count; i++) {
    id += ids.uint();
    out.ids[i] = id;
    out.values[i] = vals.sint() * scale;
  }
  return out;
}
