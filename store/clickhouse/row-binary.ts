/**
 * Rows in ClickHouse's RowBinary format, for inserts: little-endian fixed-width numbers,
 * strings and arrays prefixed by their LEB128 length. Exact for every value (64-bit ids
 * included) and cheap to write; columns must be written in the table's column order.
 */
export class RowBinary {
  private buf: Buffer;
  private view: DataView;
  private pos = 0;

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written so far. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  varint(n: number): this {
    this.reserve(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
    return this;
  }

  u8(n: number): this {
    this.reserve(1);
    this.buf[this.pos++] = n;
    return this;
  }

  u16(n: number): this {
    this.reserve(2);
    this.view.setUint16(this.pos, n, true);
    this.pos += 2;
    return this;
  }

  u32(n: number): this {
    this.reserve(4);
    this.view.setUint32(this.pos, n >>> 0, true);
    this.pos += 4;
    return this;
  }

  /** A UInt64 given as two 32-bit halves. */
  u64Parts(hi: number, lo: number): this {
    this.reserve(8);
    this.view.setUint32(this.pos, lo >>> 0, true);
    this.view.setUint32(this.pos + 4, hi >>> 0, true);
    this.pos += 8;
    return this;
  }

  u64(n: bigint): this {
    this.reserve(8);
    this.view.setBigUint64(this.pos, n, true);
    this.pos += 8;
    return this;
  }

  /** An Int64 (or UInt64) from a safe integer. */
  i64(n: number): this {
    const lo = n % 0x100000000;
    const hi = Math.floor(n / 0x100000000);
    return this.u64Parts(hi | 0, lo < 0 ? lo + 0x100000000 : lo);
  }

  f64(n: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, n, true);
    this.pos += 8;
    return this;
  }

  string(s: string): this {
    const length = Buffer.byteLength(s, 'utf8');
    this.varint(length);
    this.reserve(length);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    return this;
  }

  /** A Date: days since 1970-01-01 (UTC) of a unix-ms time. */
  date(timeMs: number): this {
    return this.u16(Math.floor(timeMs / 86_400_000));
  }

  strings(values: readonly string[]): this {
    this.varint(values.length);
    for (const v of values) this.string(v);
    return this;
  }

  i64s(values: ArrayLike<number>): this {
    this.varint(values.length);
    for (let i = 0; i < values.length; i++) this.i64(values[i]!);
    return this;
  }

  f64s(values: ArrayLike<number>): this {
    this.varint(values.length);
    for (let i = 0; i < values.length; i++) this.f64(values[i]!);
    return this;
  }

  u64s(values: readonly bigint[]): this {
    this.varint(values.length);
    for (const v of values) this.u64(v);
    return this;
  }

  /** An Array(UInt64) of ids given as (hi, lo) pairs, flat. */
  u64Pairs(pairs: ArrayLike<number>, count: number): this {
    this.varint(count);
    for (let i = 0; i < count; i++) this.u64Parts(pairs[2 * i]!, pairs[2 * i + 1]!);
    return this;
  }
}
