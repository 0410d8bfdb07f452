import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { checkStoredValue } from '../ingest-rules.js';
import { VarintReader, VarintWriter } from './varint.js';

/**
 * The packed samples of one stored profile or rollup. Byte 0 is 1 when the rest is
 * deflate-raw compressed (kept only when it saves at least an eighth), else 0. The body:
 *
 *     uint count, uint width, uint deltasBytes,
 *     width × (uint divisor, uint ref, uint ratio, uint sectionBytes),
 *     deltas section: count × uint stack-id delta (rows sorted by stack id),
 *     one section per column with ref = 0: count × zigzag (value ÷ divisor)
 *
 * A column with ref = k + 1 has no section: it equals column k × ratio (CPU nanoseconds are
 * samples × period). Sections are column-major so a query reads only the stack ids and the
 * one column it needs, and so deflate finds the repetition of a steady service's counts.
 * Exact for integers below 2^52.
 */

/** Stack ids touched by an accumulation, each listed once. */
export class TouchList {
  marks: Uint8Array;
  ids: Uint32Array;
  length = 0;

  constructor(capacity: number) {
    this.marks = new Uint8Array(Math.max(capacity, 16));
    this.ids = new Uint32Array(Math.max(capacity, 16));
  }

  touch(id: number): void {
    if (this.marks[id] === 1) return;
    this.marks[id] = 1;
    this.ids[this.length++] = id;
  }

  /** Clears the marks of the listed ids and empties the list. */
  clear(): void {
    for (let i = 0; i < this.length; i++) this.marks[this.ids[i]!] = 0;
    this.length = 0;
  }

  /** The touched ids in ascending order. */
  sorted(): Uint32Array {
    return this.ids.slice(0, this.length).sort();
  }
}

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

/** Encodes `count` rows of (stackIds ascending, values row-major with `width` columns). */
export function encodeSamples(
  writer: VarintWriter, count: number, width: number, stackIds: ArrayLike<number>, values: ArrayLike<number>,
): Uint8Array {
  while (sections.length <= width) sections.push(new VarintWriter(4096));
  const deltas = sections[width]!;
  deltas.reset();
  let previous = 0;
  for (let i = 0; i < count; i++) {
    deltas.uint(stackIds[i]! - previous);
    previous = stackIds[i]!;
  }
  header.reset();
  header.uint(count);
  header.uint(width);
  header.uint(deltas.length);
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
  writer.reset();
  writer.uint(0);
  writer.append(header.view());
  writer.append(deltas.view());
  for (let c = 0; c < width; c++) writer.append(sections[c]!.view());
  const plain = writer.finish();
  if (plain.length < 256) return plain;
  const packed = deflateRawSync(plain.subarray(1), { level: 6 });
  if (packed.length + 1 > plain.length - (plain.length >> 3)) return plain;
  const out = new Uint8Array(packed.length + 1);
  out[0] = 1;
  out.set(packed, 1);
  return out;
}

interface Layout {
  body: Uint8Array;
  count: number;
  width: number;
  deltasStart: number;
  divisors: number[];
  refs: number[];
  ratios: number[];
  starts: number[];
}

const reader = new VarintReader(new Uint8Array(0));

function layout(blob: Uint8Array): Layout {
  const body = blob[0] === 1 ? inflateRawSync(blob.subarray(1)) : blob.subarray(1);
  reader.reset(body);
  const count = reader.uint();
  const width = reader.uint();
  const deltasBytes = reader.uint();
  const divisors: number[] = [], refs: number[] = [], ratios: number[] = [], lengths: number[] = [];
  for (let c = 0; c < width; c++) {
    divisors.push(reader.uint());
    refs.push(reader.uint());
    ratios.push(reader.uint());
    lengths.push(reader.uint());
  }
  const deltasStart = reader.pos;
  const starts: number[] = [];
  let pos = deltasStart + deltasBytes;
  for (let c = 0; c < width; c++) {
    starts.push(pos);
    pos += lengths[c]!;
  }
  return { body, count, width, deltasStart, divisors, refs, ratios, starts };
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
const vals = new VarintReader(new Uint8Array(0));

/** Adds column `column` of a blob, times `factor`, into `acc[stackId]`, listing touched ids in `touched`. */
export function accumulateColumn(blob: Uint8Array, column: number, acc: Float64Array, touched: TouchList, factor = 1): void {
  const l = layout(blob);
  const [c, unit] = source(l, column);
  const scale = unit * factor;
  const body = l.body, count = l.count, marks = touched.marks, list = touched.ids;
  let length = touched.length;
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
    acc[id]! += (u % 2 === 0 ? u / 2 : -(u + 1) / 2) * scale;
    if (marks[id] === 0) {
      marks[id] = 1;
      list[length++] = id;
    }
  }
  touched.length = length;
}

/** Adds every column of a blob, times `factor`, into `acc[stackId × width + column]`. */
export function accumulateAll(blob: Uint8Array, acc: Float64Array, width: number, touched: TouchList, factor = 1): void {
  const l = layout(blob);
  if (l.width !== width) throw new RangeError(`blob has ${l.width} columns, expected ${width}`);
  ids.reset(l.body);
  ids.pos = l.deltasStart;
  let id = 0;
  const rowIds = new Uint32Array(l.count);
  for (let i = 0; i < l.count; i++) {
    id += ids.uint();
    rowIds[i] = id;
    touched.touch(id);
  }
  for (let col = 0; col < width; col++) {
    const [c, scale] = source(l, col);
    vals.reset(l.body);
    vals.pos = l.starts[c]!;
    for (let i = 0; i < l.count; i++) acc[rowIds[i]! * width + col]! += vals.sint() * scale * factor;
  }
}

/** Calls `visit` with each stack id of a blob. */
export function forEachStackId(blob: Uint8Array, visit: (id: number) => void): void {
  const l = layout(blob);
  ids.reset(l.body);
  ids.pos = l.deltasStart;
  let id = 0;
  for (let i = 0; i < l.count; i++) {
    id += ids.uint();
    visit(id);
  }
}
