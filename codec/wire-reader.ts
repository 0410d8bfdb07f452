import { ProfileProtobufInvalid } from '../common/errors.js';
import type { GrowableF64 } from './growable.js';

const TWO_32 = 4294967296;

/**
 * A minimal protobuf wire-format reader over a byte array. Integers come back as plain
 * numbers (exact up to 2^53), so reading allocates nothing; every read is bounds-checked.
 */
export class WireReader {
  pos = 0;
  readonly buf: Uint8Array;
  readonly len: number;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.len = buf.length;
  }

  /** Reads a varint as an unsigned 64-bit integer. */
  uint(): number {
    return this.varint(false);
  }

  /** Reads a varint as a signed (two's complement) 64-bit integer. */
  int(): number {
    return this.varint(true);
  }

  private varint(signed: boolean): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++]!;
    let lo = b & 0x7f;
    if (b < 0x80) return this.done(pos, lo);
    b = buf[pos++]!; lo |= (b & 0x7f) << 7;
    if (b < 0x80) return this.done(pos, lo);
    b = buf[pos++]!; lo |= (b & 0x7f) << 14;
    if (b < 0x80) return this.done(pos, lo);
    b = buf[pos++]!; lo |= (b & 0x7f) << 21;
    if (b < 0x80) return this.done(pos, lo);
    return this.uintTail(pos, lo, signed);
  }

  private uintTail(pos: number, lo28: number, signed: boolean): number {
    const buf = this.buf;
    let b = buf[pos++]!;
    const lo = (lo28 | ((b & 0x0f) << 28)) >>> 0;
    let hi = (b & 0x7f) >>> 4;
    let shift = 3;
    while (b >= 0x80) {
      if (shift > 31) throw new ProfileProtobufInvalid(`varint longer than 10 bytes at offset ${this.pos}`);
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      shift += 7;
    }
    const high = signed ? hi | 0 : hi >>> 0;
    return this.done(pos, high * TWO_32 + lo);
  }

  private done(pos: number, value: number): number {
    if (pos > this.len) throw new ProfileProtobufInvalid(`truncated varint at offset ${this.pos}`);
    this.pos = pos;
    return value;
  }

  /**
   * Appends the varints up to `end` (a packed repeated field) to `out`, signed or unsigned.
   * One- and two-byte varints, nearly all of them in real profiles, take an inline path.
   */
  readPacked(end: number, out: GrowableF64, signed: boolean): void {
    const buf = this.buf;
    let pos = this.pos;
    let data = out.data, len = out.length;
    while (pos < end) {
      const b0 = buf[pos]!;
      let v: number;
      if (b0 < 0x80) {
        v = b0; pos++;
      } else if (pos + 1 < end && buf[pos + 1]! < 0x80) {
        v = (b0 & 0x7f) | (buf[pos + 1]! << 7); pos += 2;
      } else {
        this.pos = pos;
        v = signed ? this.int() : this.uint();
        pos = this.pos;
      }
      if (len === data.length) {
        out.length = len;
        out.grow();
        data = out.data;
      }
      data[len++] = v;
    }
    out.length = len;
    this.pos = pos;
    this.expectEnd(end, 'packed field');
  }

  /** Reads a length prefix and returns the end offset of the delimited field. */
  delimitedEnd(limit: number): number {
    const length = this.uint();
    const end = this.pos + length;
    if (end > limit) {
      throw new ProfileProtobufInvalid(`length-delimited field at offset ${this.pos} runs ${end - limit} bytes past its message`);
    }
    return end;
  }

  /** Skips a field of the given wire type. */
  skip(wireType: number, limit: number): void {
    switch (wireType) {
      case 0: this.uint(); return;
      case 1: this.advance(8, limit); return;
      case 2: this.pos = this.delimitedEnd(limit); return;
      case 5: this.advance(4, limit); return;
      default: throw new ProfileProtobufInvalid(`unsupported wire type ${wireType} at offset ${this.pos}`);
    }
  }

  private advance(n: number, limit: number): void {
    if (this.pos + n > limit) throw new ProfileProtobufInvalid(`truncated fixed-width field at offset ${this.pos}`);
    this.pos += n;
  }

  /** Checks that a nested message ended exactly where its length said. */
  expectEnd(end: number, what: string): void {
    if (this.pos !== end) throw new ProfileProtobufInvalid(`${what} overruns its length by ${this.pos - end} bytes`);
  }
}
