import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';
import type { Profile } from './profile.js';
import { FIELDS } from './decode-wire.js';
import { StringTable } from './string-table.js';

/** Field numbers of perftools.profiles messages, as the decoder reads them. */
const F = FIELDS;
const VARINT = 0, BYTES = 2;
type Writer = protobuf.Writer;

/** A varint field, left out when 0 (proto3); negative int64 as 64-bit two's complement. */
function uint(w: Writer, field: number, value: number): void {
  if (value === 0) return;
  w.uint32((field << 3) | VARINT);
  if (value > 0 && value < 0x100000000) w.uint32(value);
  else w.int64(value);
}

/** A packed repeated varint field of `values[start..end)`, left out when empty. */
function packed(w: Writer, field: number, values: ArrayLike<number>, start: number, end: number): void {
  if (end <= start) return;
  w.uint32((field << 3) | BYTES).fork();
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (v >= 0 && v < 0x100000000) w.uint32(v);
    else w.int64(v);
  }
  w.ldelim();
}

/** Starts a length-delimited (message) field: end it with `w.ldelim()`. */
function open(w: Writer, field: number): Writer {
  return w.uint32((field << 3) | BYTES).fork();
}

/**
 * Encodes a profile to pprof protobuf bytes with protobufjs's minimal Writer, as protobufjs's
 * generated code does (fields in number order, repeated scalars packed, zeros left out), with
 * no schema loaded at run time.
 */
export function encodeProfileProto(p: Profile): Uint8Array {
  const st = new StringTable();
  const w = protobuf.Writer.create();
  const valueType = (field: number, t: { type: string; unit: string }) => {
    open(w, field);
    uint(w, F.ValueType.type, st.id(t.type));
    uint(w, F.ValueType.unit, st.id(t.unit));
    w.ldelim();
  };
  for (const t of p.sampleTypes) valueType(F.Profile.sample_type, t);
  const width = p.sampleTypes.length;
  const s = p.samples, lt = s.labels;
  const ids: number[] = [];
  for (let i = 0; i < s.count; i++) {
    open(w, F.Profile.sample);
    ids.length = 0;
    for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) ids.push(p.locations[s.locations[k]!]!.id);
    packed(w, F.Sample.location_id, ids, 0, ids.length);
    packed(w, F.Sample.value, s.values, i * width, (i + 1) * width);
    for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
      open(w, F.Sample.label);
      uint(w, F.Label.key, st.id(p.strings[lt.key[k]!]!));
      uint(w, F.Label.str, st.id(p.strings[lt.str[k]!]!));
      uint(w, F.Label.num, lt.num[k]!);
      uint(w, F.Label.num_unit, st.id(p.strings[lt.numUnit[k]!]!));
      w.ldelim();
    }
    w.ldelim();
  }
  for (const m of p.mappings) {
    open(w, F.Profile.mapping);
    uint(w, F.Mapping.id, m.id);
    uint(w, F.Mapping.memory_start, m.memoryStart);
    uint(w, F.Mapping.memory_limit, m.memoryLimit);
    uint(w, F.Mapping.file_offset, m.fileOffset);
    uint(w, F.Mapping.filename, st.id(m.filename));
    uint(w, F.Mapping.build_id, st.id(m.buildId));
    uint(w, F.Mapping.has_functions, m.hasFunctions ? 1 : 0);
    uint(w, F.Mapping.has_filenames, m.hasFilenames ? 1 : 0);
    uint(w, F.Mapping.has_line_numbers, m.hasLineNumbers ? 1 : 0);
    uint(w, F.Mapping.has_inline_frames, m.hasInlineFrames ? 1 : 0);
    w.ldelim();
  }
  for (const l of p.locations) {
    open(w, F.Profile.location);
    uint(w, F.Location.id, l.id);
    uint(w, F.Location.mapping_id, l.mapping >= 0 ? p.mappings[l.mapping]!.id : 0);
    uint(w, F.Location.address, l.address);
    for (const ln of l.lines) {
      open(w, F.Location.line);
      uint(w, F.Line.function_id, p.functions[ln.function]!.id);
      uint(w, F.Line.line, ln.line);
      uint(w, F.Line.column, ln.column);
      w.ldelim();
    }
    uint(w, F.Location.is_folded, l.isFolded ? 1 : 0);
    w.ldelim();
  }
  for (const f of p.functions) {
    open(w, F.Profile.function);
    uint(w, F.Function.id, f.id);
    uint(w, F.Function.name, st.id(f.name));
    uint(w, F.Function.system_name, st.id(f.systemName));
    uint(w, F.Function.filename, st.id(f.filename));
    uint(w, F.Function.start_line, f.startLine);
    w.ldelim();
  }
  // Every string is known once the fields above and below have their ids.
  const dropFrames = st.id(p.dropFrames), keepFrames = st.id(p.keepFrames);
  const comments = p.comments.map((c) => st.id(c));
  const defaultSampleType = st.id(p.defaultSampleType), docUrl = st.id(p.docUrl);
  st.id(p.periodType.type);
  st.id(p.periodType.unit);
  for (const str of st.strings) w.uint32((F.Profile.string_table << 3) | BYTES).string(str);
  uint(w, F.Profile.drop_frames, dropFrames);
  uint(w, F.Profile.keep_frames, keepFrames);
  uint(w, F.Profile.time_nanos, p.timeNanos);
  uint(w, F.Profile.duration_nanos, p.durationNanos);
  valueType(F.Profile.period_type, p.periodType);
  uint(w, F.Profile.period, p.period);
  packed(w, F.Profile.comment, comments, 0, comments.length);
  uint(w, F.Profile.default_sample_type, defaultSampleType);
  uint(w, F.Profile.doc_url, docUrl);
  return w.finish();
}

/** Encodes a profile as gzip'd pprof, the form `go tool pprof` and Go itself use. */
export function encodeProfile(p: Profile): Uint8Array {
  return gzipSync(encodeProfileProto(p));
}
