import { Buffer } from 'node:buffer';
import { ProfileLabelLimit, ProfileProtobufInvalid, ProfileTooManySamples } from '../common/errors.js';
import { growableF64, growableU32 } from './growable.js';
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

/** The profile exactly as on the wire: ids and string indexes not yet checked. */
export interface RawProfile {
  sampleTypes: RawValueType[];
  sampleCount: number;
  stackOffsets: Uint32Array;
  locationIds: Float64Array;
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

const SAMPLE_LOCATION_ID = FIELDS.Sample.location_id;
const SAMPLE_VALUE = FIELDS.Sample.value;
const WT_VARINT = 0;
const WT_BYTES = 2;
const F = FIELDS;

function wrongWireType(message: string, field: number, wireType: number): never {
  throw new ProfileProtobufInvalid(`${message} field ${field} has wire type ${wireType}`);
}

/** Decodes the protobuf wire format of a pprof Profile. Structure is checked later. */
export function decodeWire(bytes: Uint8Array, limits: Readonly<DecodeLimits>): RawProfile {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const r = new WireReader(bytes);
  const end = bytes.length;
  const sampleGuess = Math.max(1024, bytes.length >> 5);
  const stackOffsets = growableU32(sampleGuess); stackOffsets.push(0);
  const locationIds = growableF64(Math.max(1024, bytes.length >> 3));
  const valueOffsets = growableU32(sampleGuess); valueOffsets.push(0);
  const values = growableF64(Math.max(1024, bytes.length >> 4));
  const labelOffsets = growableU32(sampleGuess); labelOffsets.push(0);
  const labelKey = growableU32(16), labelStr = growableU32(16), labelNumUnit = growableU32(16);
  const labelNum = growableF64(16);
  const p: RawProfile = {
    sampleTypes: [], sampleCount: 0, stackOffsets: new Uint32Array(0), locationIds: new Float64Array(0),
    valueOffsets: new Uint32Array(0), values: new Float64Array(0), labelOffsets: new Uint32Array(0),
    labelKey: new Uint32Array(0), labelStr: new Uint32Array(0), labelNum: new Float64Array(0),
    labelNumUnit: new Uint32Array(0), mappings: [], locations: [], functions: [], strings: [], dropFrames: 0,
    keepFrames: 0, timeNanos: 0, durationNanos: 0, periodType: { type: 0, unit: 0 }, period: 0, comments: [],
    defaultSampleType: 0, docUrl: 0,
  };

  const decodeSample = (sampleEnd: number): void => {
    let labels = 0;
    while (r.pos < sampleEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (field === SAMPLE_LOCATION_ID) {
        if (wt === WT_BYTES) r.readPacked(r.delimitedEnd(sampleEnd), locationIds, false);
        else if (wt === WT_VARINT) locationIds.push(r.uint());
        else wrongWireType('Sample', field, wt);
      } else if (field === SAMPLE_VALUE) {
        if (wt === WT_BYTES) r.readPacked(r.delimitedEnd(sampleEnd), values, true);
        else if (wt === WT_VARINT) values.push(r.int());
        else wrongWireType('Sample', field, wt);
      } else if (field === F.Sample.label) {
        if (wt !== WT_BYTES) wrongWireType('Sample', field, wt);
        if (++labels > limits.maxLabelsPerSample) {
          throw new ProfileLabelLimit(`sample ${p.sampleCount} has more than ${limits.maxLabelsPerSample} labels`);
        }
        decodeLabel(r.delimitedEnd(sampleEnd));
      } else r.skip(wt, sampleEnd);
    }
    r.expectEnd(sampleEnd, `sample ${p.sampleCount}`);
    p.sampleCount++;
    if (p.sampleCount > limits.maxSamples) throw new ProfileTooManySamples(limits.maxSamples);
    stackOffsets.push(locationIds.length);
    valueOffsets.push(values.length);
    labelOffsets.push(labelKey.length);
  };

  const decodeLabel = (labelEnd: number): void => {
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
    labelKey.push(stringIndex(key)); labelStr.push(stringIndex(str)); labelNum.push(num); labelNumUnit.push(stringIndex(unit));
  };

  const decodeValueType = (vtEnd: number): RawValueType => {
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
  };

  const decodeMapping = (mEnd: number): RawMapping => {
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
  };

  const decodeLine = (lEnd: number): RawLine => {
    const line: RawLine = { function: 0, line: 0, column: 0 };
    while (r.pos < lEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (wt !== WT_VARINT) { r.skip(wt, lEnd); continue; }
      if (field === F.Line.function_id) line.function = r.uint();
      else if (field === F.Line.line) line.line = r.int();
      else if (field === F.Line.column) line.column = r.int();
      else r.uint();
    }
    r.expectEnd(lEnd, 'line');
    return line;
  };

  const decodeLocation = (lEnd: number): RawLocation => {
    const loc: RawLocation = { id: 0, mapping: 0, address: 0, lines: [], isFolded: false };
    while (r.pos < lEnd) {
      const tag = r.uint();
      const field = tag >>> 3, wt = tag & 7;
      if (field === F.Location.line) {
        if (wt !== WT_BYTES) wrongWireType('Location', field, wt);
        loc.lines.push(decodeLine(r.delimitedEnd(lEnd)));
        continue;
      }
      if (wt !== WT_VARINT) { r.skip(wt, lEnd); continue; }
      const v = r.uint();
      if (field === F.Location.id) loc.id = v;
      else if (field === F.Location.mapping_id) loc.mapping = v;
      else if (field === F.Location.address) loc.address = v;
      else if (field === F.Location.is_folded) loc.isFolded = v !== 0;
    }
    r.expectEnd(lEnd, 'location');
    return loc;
  };

  const decodeFunction = (fEnd: number): RawFunction => {
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
  };

  while (r.pos < end) {
    const tag = r.uint();
    const field = tag >>> 3, wt = tag & 7;
    if (field === 0) throw new ProfileProtobufInvalid(`field number 0 at offset ${r.pos}`);
    switch (field) {
      case F.Profile.sample:
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        decodeSample(r.delimitedEnd(end));
        break;
      case F.Profile.sample_type:
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        p.sampleTypes.push(decodeValueType(r.delimitedEnd(end)));
        break;
      case F.Profile.mapping:
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        p.mappings.push(decodeMapping(r.delimitedEnd(end)));
        break;
      case F.Profile.location:
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        p.locations.push(decodeLocation(r.delimitedEnd(end)));
        break;
      case F.Profile.function:
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        p.functions.push(decodeFunction(r.delimitedEnd(end)));
        break;
      case F.Profile.string_table: {
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        const e = r.delimitedEnd(end);
        p.strings.push(e === r.pos ? '' : buffer.toString('utf8', r.pos, e));
        r.pos = e;
        break;
      }
      case F.Profile.period_type:
        if (wt !== WT_BYTES) wrongWireType('Profile', field, wt);
        p.periodType = decodeValueType(r.delimitedEnd(end));
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
  p.stackOffsets = stackOffsets.view();
  p.locationIds = locationIds.view();
  p.valueOffsets = valueOffsets.view();
  p.values = values.view();
  p.labelOffsets = labelOffsets.view();
  p.labelKey = labelKey.view();
  p.labelStr = labelStr.view();
  p.labelNum = labelNum.view();
  p.labelNumUnit = labelNumUnit.view();
  return p;
}

/** Stands for a string index that does not fit the Uint32 label columns (negative or huge). */
export const BAD_STRING_INDEX = 0xffffffff;

/** Negative or huge string indexes are kept out of the Uint32 columns; validation rejects them. */
function stringIndex(v: number): number {
  return v < 0 || v >= BAD_STRING_INDEX ? BAD_STRING_INDEX : v;
}
