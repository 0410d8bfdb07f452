/**
 * A minimal protobuf wire-format writer: varints of JS numbers (exact up to 2^53, two's
 * complement for negative int64), length-delimited bytes and nested messages. Nested messages
 * are written into a second writer and copied in with their length.
 */
export class WireWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  reset(): this {
    this.length = 0;
    return this;
  }

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  /** A varint: non-negative integers as they are, negative ones as 64-bit two's complement. */
  varint(value: number): void {
    this.ensure(10);
    const b = this.bytes;
    if (value >= 0 && value < 0x80000000) {
      let v = value;
      while (v >= 0x80) {
        b[this.length++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[this.length++] = v;
      return;
    }
    let lo = value >>> 0, hi = Math.floor(value / 4294967296) >>> 0;
    while (hi !== 0 || lo >= 0x80) {
      b[this.length++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    b[this.length++] = lo;
  }

  /** A varint field, left out when 0 (proto3). */
  uint(field: number, value: number): void {
    if (value === 0) return;
    this.varint(field << 3);
    this.varint(value);
  }

  bool(field: number, value: boolean): void {
    if (value) this.uint(field, 1);
  }

  /** A length-delimited field of raw bytes. */
  bytesField(field: number, data: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    this.ensure(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** A packed repeated varint field, left out when empty. */
  packed(field: number, values: ArrayLike<number>, start = 0, end = values.length, scratch = new WireWriter(64)): void {
    if (end <= start) return;
    scratch.reset();
    for (let i = start; i < end; i++) scratch.varint(values[i]!);
    this.bytesField(field, scratch.view());
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
