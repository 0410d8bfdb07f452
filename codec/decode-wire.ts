import { Buffer } from 'node:buffer';
import { ProfileLabelLimit, ProfileProtobufInvalid, ProfileTooManySamples } from '../common/errors.js';
import { growableF64, growableU32 } from './growable.js';
import type { Growable, GrowableF64, GrowableU32 } from './growable.js';
import type { DecodeLimits } from './limits.js';
import type { PprofLine, PprofLocation } from './profile.js';
import { WireReader } from './wire-reader.js';

/** Field numbers of perftools.profiles messages, as in proto/profile.proto. */
export const FIELDS = Object.freeze({
  Profile: {
    sample_type: 1, sample: 2, mapping: 3, location: 4, function: 5, string_table: 6, drop_frames: 7,
    keep_frames: 8, time_nanos: 9, duration_nanos: 10, period_type: 11, period: 12, comment: 13,
    default_sample_type: 14, doc_url: 15,
  },
  ValueType: { type: 1, unit: 2 },
  Sample: { location_id: 1, value: 2, label: 3 },
  Label: { key: 1, str: 2, num: 3, num_unit: 4 },
  Mapping: {
    id: 1, memory_start: 2, memory_limit: 3, file_offset: 4, filename: 5, build_id: 6, has_functions: 7,
    has_filenames: 8, has_line_numbers: 9, has_inline_frames: 10,
  },
  Location: { id: 1, mapping_id: 2, address: 3, line: 4, is_folded: 5 },
  Line: { function_id: 1, line: 2, column: 3 },
  Function: { id: 1, name: 2, system_name: 3, filename: 4, start_line: 5 },
});

/** A value type as string-table indexes. */
export interface RawValueType { type: number; unit: number }
export interface RawMapping {
  id: number; memoryStart: number; memoryLimit: number; fileOffset: number; filename: number; buildId: number;
  hasFunctions: boolean; hasFilenames: boolean; hasLineNumbers: boolean; hasInlineFrames: boolean;
}
/** A line whose `function` still holds the function id; validation turns it into an index in place. */
export type RawLine = PprofLine;
/** A location whose `mapping` still holds the mapping id (0: none); validation turns it into an index in place. */
export type RawLocation = PprofLocation;
export interface RawFunction { id: number; name: number; systemName: number; filename: number; startLine: number }

/**
 * Sample location ids at or above this are kept in {@link RawProfile.bigLocationIds}: the
 * entry in `locationIds` is then `BIG_ID + position`. Real profiles number locations from 1.
 */
export const BIG_ID = 0x80000000;

/** The profile exactly as on the wire: ids and string indexes not yet checked. */
export interface RawProfile {
  sampleTypes: RawValueType[];
  sampleCount: number;
  stackOffsets: Uint32Array;
  /** Location ids of the samples' stacks; see {@link BIG_ID}. Validation turns them into indexes in place. */
  locationIds: Uint32Array;
  bigLocationIds: number[];
  valueOffsets: Uint32Array;
  values: Float64Array;
  labelOffsets: Uint32Array;
  labelKey: Uint32Array;
  labelStr: Uint32Array;
  labelNum: Float64Array;
  labelNumUnit: Uint32Array;
  mappings: RawMapping[];
  locations: RawLocation[];
  functions: RawFunction[];
  strings: string[];
  dropFrames: number;
  keepFrames: number;
  timeNanos: number;
  durationNanos: number;
  periodType: RawValueType;
  period: number;
  comments: number[];
  defaultSampleType: number;
  docUrl: number;
}

const WT_VARINT = 0;
const WT_BYTES = 2;
const F = FIELDS;
/** Tags (field << 3 | wire type) of the fields that fill nearly all of a real profile. */
const TAG_PACKED_LOCATIONS = (F.Sample.location_id << 3) | WT_BYTES;
const TAG_PACKED_VALUES = (F.Sample.value << 3) | WT_BYTES;
const TAG_SAMPLE = (F.Profile.sample << 3) | WT_BYTES;
const TAG_LOCATION = (F.Profile.location << 3) | WT_BYTES;
const TAG_LINE = (F.Location.line << 3) | WT_BYTES;

function wrongWireType(message: string, field: number, wireType: number): never {
  throw new ProfileProtobufInvalid(`${message} field ${field} has wire type ${wireType}`);
}

/**
 * Decodes the protobuf wire format of a pprof Profile. Structure is checked later. Samples go
 * to typed arrays; the hot paths (samples, locations) read one- and two-byte varints inline.
 */
export function decodeWire(bytes: Uint8Array, limits: Readonly<DecodeLimits>, columns: ColumnOwnership = 'owned'): RawProfile {
  return new WireDecoder(bytes, limits).decode(columns);
}

/**
 * Whether a decoded profile's sample columns are arrays of its own (`owned`), or views of the
 * decoder's scratch (`borrowed`): no copy, but valid only until the next decode on this thread.
 */
export type ColumnOwnership = 'owned' | 'borrowed';

/**
 * The sample columns a decode fills, kept from one decode to the next (decoding is synchronous):
 * grown to the largest profile seen, so a decode allocates only its result's exact-size copies.
 */
const scratch = {
  stackOffsets: growableU32(1024), locationIds: growableU32(4096), valueOffsets: growableU32(1024),
  values: growableF64(2048), labelOffsets: growableU32(1024), labelKey: growableU32(256), labelStr: growableU32(256),
  labelNumUnit: growableU32(256), labelNum: growableF64(256),
};
const scratchColumns = Object.values(scratch);
/** Values a scratch column keeps between decodes (8 MiB as doubles): an outsized profile's memory is given back. */
const SCRATCH_KEEP = 1 << 20;

class WireDecoder {
  private readonly r: WireReader;
  private readonly buffer: { toString(encoding: 'utf8', start: number, end: number): string };
  private readonly stackOffsets: GrowableU32;
  private readonly locationIds: GrowableU32;
  private readonly bigLocationIds: number[] = [];
  private readonly valueOffsets: GrowableU32;
  private readonly values: GrowableF64;
  private readonly labelOffsets: GrowableU32;
  private readonly labelKey: GrowableU32;
  private readonly labelStr: GrowableU32;
  private readonly labelNumUnit: GrowableU32;
  private readonly labelNum: GrowableF64;
  private readonly p: RawProfile;
  /** Labels of the sample being read. */
  private sampleLabels = 0;

  constructor(private readonly bytes: Uint8Array, private readonly limits: Readonly<DecodeLimits>) {
    this.r = new WireReader(bytes);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const c = scratch;
    this.stackOffsets = c.stackOffsets; this.locationIds = c.locationIds; this.valueOffsets = c.valueOffsets;
    this.values = c.values; this.labelOffsets = c.labelOffsets; this.labelKey = c.labelKey; this.labelStr = c.labelStr;
    this.labelNumUnit = c.labelNumUnit; this.labelNum = c.labelNum;
    for (const column of scratchColumns) column.clear(SCRATCH_KEEP);
    this.stackOffsets.push(0);
    this.valueOffsets.push(0);
    this.labelOffsets.push(0);
    this.p = {
      sampleTypes: [], sampleCount: 0, stackOffsets: new Uint32Array(0), locationIds: new Uint32Array(0), bigLocationIds: this.bigLocationIds,
      valueOffsets: new Uint32Array(0), values: new Float64Array(0), labelOffsets: new Uint32Array(0),
      labelKey: new Uint32Array(0), labelStr: new Uint32Array(0), labelNum: new Float64Array(0),
      labelNumUnit: new Uint32Array(0), mappings: [], locations: [], functions: [], strings: [], dropFrames: 0,
      keepFrames: 0, timeNanos: 0, durationNanos: 0, periodType: { type: 0, unit: 0 }, period: 0, comments: [],
      defaultSampleType: 0, docUrl: 0,
    };
  }

  decode(columns: ColumnOwnership): RawProfile {
    const r = this.r, p = this.p, buf = this.bytes, end = buf.length;
    while (r.pos < end) {
      const b = buf[r.pos]!;
      // The two messages repeated thousands of times take a short path.
      if (b === TAG_SAMPLE) {
        r.pos++;
        this.sample(r.delimitedEnd(end));
        continue;
      }
      if (b === TAG_LOCATION) {
        r.pos++;
        p.locations.push(this.location(r.delimitedEnd(end)));
        continue;
      }
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (field === 0) throw new ProfileProtobufInvalid(`field number 0 at offset ${r.pos}`);
      switch (field) {
        case F.Profile.sample:
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          this.sample(r.delimitedEnd(end));
          break;
        case F.Profile.sample_type:
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          p.sampleTypes.push(this.valueType(r.delimitedEnd(end)));
          break;
        case F.Profile.mapping:
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          p.mappings.push(this.mapping(r.delimitedEnd(end)));
          break;
        case F.Profile.location:
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          p.locations.push(this.location(r.delimitedEnd(end)));
          break;
        case F.Profile.function:
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          p.functions.push(this.function(r.delimitedEnd(end)));
          break;
        case F.Profile.string_table: {
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          const e = r.delimitedEnd(end);
          p.strings.push(e === r.pos ? '' : this.buffer.toString('utf8', r.pos, e));
          r.pos = e;
          break;
        }
        case F.Profile.period_type:
          if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
          p.periodType = this.valueType(r.delimitedEnd(end));
          break;
        case F.Profile.comment:
          if (wt === WT_BYTES) {
            const e = r.delimitedEnd(end);
            while (r.pos < e) p.comments.push(r.int());
            r.expectEnd(e, 'packed comment');
          } else if (wt === WT_VARINT) p.comments.push(r.int());
          else wrongWireType('Profile', field, wt);
          break;
        default: {
          if (wt !== WT_VARINT) { r.skip(wt, end); break; }
          const v = r.int();
          if (field === F.Profile.drop_frames) p.dropFrames = v;
          else if (field === F.Profile.keep_frames) p.keepFrames = v;
          else if (field === F.Profile.time_nanos) p.timeNanos = v;
          else if (field === F.Profile.duration_nanos) p.durationNanos = v;
          else if (field === F.Profile.period) p.period = v;
          else if (field === F.Profile.default_sample_type) p.defaultSampleType = v;
          else if (field === F.Profile.doc_url) p.docUrl = v;
        }
      }
    }
    // Owned: columns of their exact sizes, the scratch kept for the next decode. Borrowed: views of the scratch.
    const own = columns === 'owned';
    const take = <A extends Float64Array | Uint32Array>(g: Growable<A>): A => (own ? g.copy() : g.view());
    p.stackOffsets = take(this.stackOffsets);
    p.locationIds = take(this.locationIds);
    p.valueOffsets = take(this.valueOffsets);
    p.values = take(this.values);
    p.labelOffsets = take(this.labelOffsets);
    p.labelKey = take(this.labelKey);
    p.labelStr = take(this.labelStr);
    p.labelNum = take(this.labelNum);
    p.labelNumUnit = take(this.labelNumUnit);
    if (own) for (const column of scratchColumns) column.clear(SCRATCH_KEEP);
    return p;
  }

  private sample(sampleEnd: number): void {
    const r = this.r, p = this.p, buf = this.bytes;
    this.sampleLabels = 0;
    while (r.pos < sampleEnd) {
      const tag = buf[r.pos]!;
      if (tag === TAG_PACKED_LOCATIONS) {
        r.pos++;
        this.packedLocationIds(r.delimitedEnd(sampleEnd));
        continue;
      }
      if (tag === TAG_PACKED_VALUES) {
        r.pos++;
        this.packedValues(r.delimitedEnd(sampleEnd));
        continue;
      }
      this.sampleField(sampleEnd);
    }
    r.expectEnd(sampleEnd, `sample ${p.sampleCount}`);
    p.sampleCount++;
    if (p.sampleCount > this.limits.maxSamples) throw new ProfileTooManySamples(this.limits.maxSamples);
    this.stackOffsets.push(this.locationIds.length);
    this.valueOffsets.push(this.values.length);
    this.labelOffsets.push(this.labelKey.length);
  }

  /** A sample field other than packed locations and values. */
  private sampleField(sampleEnd: number): void {
    const r = this.r;
    const tag = r.uint();
    const field = tag >>> 3, wt = tag & 7;
    if (field === F.Sample.location_id) {
      if (wt === WT_VARINT) this.locationId(r.uint());
      else wrongWireType('Sample', field, wt);
    } else if (field === F.Sample.value) {
      if (wt === WT_VARINT) this.values.push(r.int());
      else wrongWireType('Sample', field, wt);
    } else if (field === F.Sample.label) {
      if (wt !== WT_BYTES) wrongWireType('Sample', field, wt);
      if (++this.sampleLabels > this.limits.maxLabelsPerSample) {
        throw new ProfileLabelLimit(`sample ${this.p.sampleCount} has more than ${this.limits.maxLabelsPerSample} labels`);
      }
      this.label(r.delimitedEnd(sampleEnd));
    } else r.skip(wt, sampleEnd);
  }

  /** A packed list of values; values below 2^28 (nearly all of them) are read inline. */
  private packedValues(end: number): void {
    const r = this.r, buf = this.bytes, out = this.values;
    let pos = r.pos;
    while (pos < end) {
      let b = buf[pos]!;
      let v = b & 0x7f;
      if (b >= 0x80 && pos + 3 < end) {
        b = buf[pos + 1]!; v |= (b & 0x7f) << 7;
        if (b >= 0x80) {
          b = buf[pos + 2]!; v |= (b & 0x7f) << 14;
          if (b >= 0x80) {
            b = buf[pos + 3]!; v |= (b & 0x7f) << 21;
            if (b >= 0x80) v = -1;
            else pos += 4;
          } else pos += 3;
        } else pos += 2;
      } else if (b >= 0x80) v = -1;
      else pos++;
      if (v < 0) {
        r.pos = pos;
        v = r.int();
        pos = r.pos;
      }
      if (out.length === out.data.length) out.grow();
      out.data[out.length++] = v;
    }
    r.pos = pos;
    r.expectEnd(end, 'packed field');
  }

  private locationId(id: number): void {
    if (id < BIG_ID) this.locationIds.push(id);
    else {
      this.locationIds.push(BIG_ID + this.bigLocationIds.length);
      this.bigLocationIds.push(id);
    }
  }

  /** A packed list of location ids; one- and two-byte varints (nearly all of them) inline. */
  private packedLocationIds(end: number): void {
    const r = this.r, buf = this.bytes, out = this.locationIds;
    let pos = r.pos;
    while (pos < end) {
      const b0 = buf[pos]!;
      let v: number;
      if (b0 < 0x80) {
        v = b0; pos++;
      } else if (pos + 1 < end && buf[pos + 1]! < 0x80) {
        v = (b0 & 0x7f) | (buf[pos + 1]! << 7); pos += 2;
      } else {
        r.pos = pos;
        v = r.uint();
        pos = r.pos;
        if (v >= BIG_ID) { this.locationId(v); continue; }
      }
      if (out.length === out.data.length) out.grow();
      out.data[out.length++] = v;
    }
    r.pos = pos;
    r.expectEnd(end, 'packed field');
  }

  private label(labelEnd: number): void {
    const r = this.r;
    let key = 0, str = 0, num = 0, unit = 0;
    while (r.pos < labelEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (wt !== WT_VARINT) { r.skip(wt, labelEnd); continue; }
      if (field === F.Label.key) key = r.int();
      else if (field === F.Label.str) str = r.int();
      else if (field === F.Label.num) num = r.int();
      else if (field === F.Label.num_unit) unit = r.int();
      else r.uint();
    }
    r.expectEnd(labelEnd, 'label');
    this.labelKey.push(stringIndex(key)); this.labelStr.push(stringIndex(str)); this.labelNum.push(num); this.labelNumUnit.push(stringIndex(unit));
  }

  private valueType(vtEnd: number): RawValueType {
    const r = this.r;
    const vt = { type: 0, unit: 0 };
    while (r.pos < vtEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (wt === WT_VARINT && field === F.ValueType.type) vt.type = r.int();
      else if (wt === WT_VARINT && field === F.ValueType.unit) vt.unit = r.int();
      else r.skip(wt, vtEnd);
    }
    r.expectEnd(vtEnd, 'value type');
    return vt;
  }

  private mapping(mEnd: number): RawMapping {
    const r = this.r;
    const m: RawMapping = {
      id: 0, memoryStart: 0, memoryLimit: 0, fileOffset: 0, filename: 0, buildId: 0,
      hasFunctions: false, hasFilenames: false, hasLineNumbers: false, hasInlineFrames: false,
    };
    while (r.pos < mEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (wt !== WT_VARINT) { r.skip(wt, mEnd); continue; }
      const v = r.uint();
      switch (field) {
        case F.Mapping.id: m.id = v; break;
        case F.Mapping.memory_start: m.memoryStart = v; break;
        case F.Mapping.memory_limit: m.memoryLimit = v; break;
        case F.Mapping.file_offset: m.fileOffset = v; break;
        case F.Mapping.filename: m.filename = v; break;
        case F.Mapping.build_id: m.buildId = v; break;
        case F.Mapping.has_functions: m.hasFunctions = v !== 0; break;
        case F.Mapping.has_filenames: m.hasFilenames = v !== 0; break;
        case F.Mapping.has_line_numbers: m.hasLineNumbers = v !== 0; break;
        case F.Mapping.has_inline_frames: m.hasInlineFrames = v !== 0; break;
      }
    }
    r.expectEnd(mEnd, 'mapping');
    return m;
  }

  private line(lEnd: number): RawLine {
    const r = this.r;
    let fn = 0, line = 0, column = 0;
    while (r.pos < lEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (wt !== WT_VARINT) { r.skip(wt, lEnd); continue; }
      if (field === F.Line.function_id) fn = r.uint();
      else if (field === F.Line.line) line = r.int();
      else if (field === F.Line.column) column = r.int();
      else r.uint();
    }
    r.expectEnd(lEnd, 'line');
    return { function: fn, line, column };
  }

  /** A location; its lines array is made at its final size (most locations have one line). */
  private location(lEnd: number): RawLocation {
    const r = this.r;
    let id = 0, mapping = 0, address = 0, folded = false;
    let first: RawLine | undefined, more: RawLine[] | undefined;
    while (r.pos < lEnd) {
      const tag = r.uint();
      if (tag === TAG_LINE) {
        const line = this.line(r.delimitedEnd(lEnd));
        if (first === undefined) first = line;
        else if (more === undefined) more = [first, line];
        else more.push(line);
        continue;
      }
      const field = tag >>> 3, wt = tag & 7;
      if (field === F.Location.line) wrongWireType('Location', field, wt);
      if (wt !== WT_VARINT) { r.skip(wt, lEnd); continue; }
      const v = r.uint();
      if (field === F.Location.id) id = v;
      else if (field === F.Location.mapping_id) mapping = v;
      else if (field === F.Location.address) address = v;
      else if (field === F.Location.is_folded) folded = v !== 0;
    }
    r.expectEnd(lEnd, 'location');
    return { id, mapping, address, lines: more ?? (first === undefined ? [] : [first]), isFolded: folded };
  }

  private function(fEnd: number): RawFunction {
    const r = this.r;
    const fn: RawFunction = { id: 0, name: 0, systemName: 0, filename: 0, startLine: 0 };
    while (r.pos < fEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (wt !== WT_VARINT) { r.skip(wt, fEnd); continue; }
      if (field === F.Function.id) fn.id = r.uint();
      else if (field === F.Function.name) fn.name = r.int();
      else if (field === F.Function.system_name) fn.systemName = r.int();
      else if (field === F.Function.filename) fn.filename = r.int();
      else if (field === F.Function.start_line) fn.startLine = r.int();
      else r.uint();
    }
    r.expectEnd(fEnd, 'function');
    return fn;
  }
}

/** Stands for a string index that does not fit the Uint32 label columns (negative or huge). */
export const BAD_STRING_INDEX = 0xffffffff;

/** Negative or huge string indexes are kept out of the Uint32 columns; validation rejects them. */
function stringIndex(v: number): number {
  return v < 0 || v >= BAD_STRING_INDEX ? BAD_STRING_INDEX : v;
}
