import { VarintReader, VarintWriter } from './varint.js';

/**
 * The packed samples of one stored profile or rollup:
 *
 *     uint count, uint width, width × uint divisor,
 *     count × (uint stack-id delta, width × zigzag value ÷ divisor)
 *
 * Rows are sorted by stack id, so the deltas are small; each column is divided by the
 * greatest common divisor of its values (CPU nanoseconds are multiples of the period), so
 * most values fit one byte. Exact for integers below 2^52.
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

  /** Grows to hold ids below `capacity`, keeping the current entries. */
  ensure(capacity: number): void {
    if (capacity <= this.marks.length) return;
    const marks = new Uint8Array(capacity * 2);
    marks.set(this.marks);
    const ids = new Uint32Array(capacity * 2);
    ids.set(this.ids.subarray(0, this.length));
    this.marks = marks;
    this.ids = ids;
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

/** Encodes `count` rows of (stackIds ascending, values row-major with `width` columns). */
export function encodeSamples(
  writer: VarintWriter, count: number, width: number, stackIds: ArrayLike<number>, values: ArrayLike<number>,
): Uint8Array {
  writer.reset();
  writer.uint(count);
  writer.uint(width);
  const divisors = new Float64Array(width);
  for (let c = 0; c < width; c++) {
    let g = 0;
    for (let i = 0; i < count && g !== 1; i++) {
      const v = values[i * width + c]!;
      if (!Number.isInteger(v)) throw new RangeError(`sample value ${v} is not an integer`);
      g = gcd(Math.abs(v), g);
    }
    divisors[c] = g === 0 ? 1 : g;
    writer.uint(divisors[c]!);
  }
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const r = i;
    const id = stackIds[r]!;
    writer.uint(id - previous);
    previous = id;
    for (let c = 0; c < width; c++) writer.sint(values[r * width + c]! / divisors[c]!);
  }
  return writer.finish();
}

const reader = new VarintReader(new Uint8Array(0));

function readHeader(blob: Uint8Array, divisors: Float64Array): { count: number; width: number } {
  reader.reset(blob);
  const count = reader.uint();
  const width = reader.uint();
  for (let c = 0; c < width; c++) divisors[c] = reader.uint();
  return { count, width };
}

const headerDivisors = new Float64Array(64);

/** Adds column `column` of a blob into `acc[stackId]`, listing touched ids in `touched`. */
export function accumulateColumn(blob: Uint8Array, column: number, acc: Float64Array, touched: TouchList): void {
  const { count, width } = readHeader(blob, headerDivisors);
  const divisor = headerDivisors[column]!;
  let id = 0;
  for (let i = 0; i < count; i++) {
    id += reader.uint();
    for (let c = 0; c < width; c++) {
      const v = reader.sint();
      if (c === column && v !== 0) {
        acc[id]! += v * divisor;
        touched.touch(id);
      }
    }
  }
}

/** Adds every column of a blob into `acc[stackId × width + column]`. */
export function accumulateAll(blob: Uint8Array, acc: Float64Array, width: number, touched: TouchList): void {
  const header = readHeader(blob, headerDivisors);
  if (header.width !== width) throw new RangeError(`blob has ${header.width} columns, expected ${width}`);
  let id = 0;
  for (let i = 0; i < header.count; i++) {
    id += reader.uint();
    touched.touch(id);
    for (let c = 0; c < width; c++) acc[id * width + c]! += reader.sint() * headerDivisors[c]!;
  }
}

/** Calls `visit` with each stack id of a blob. */
export function forEachStackId(blob: Uint8Array, visit: (id: number) => void): void {
  const { count, width } = readHeader(blob, headerDivisors);
  let id = 0;
  for (let i = 0; i < count; i++) {
    id += reader.uint();
    visit(id);
    for (let c = 0; c < width; c++) reader.uint();
  }
}
