import { gzipSync } from 'node:zlib';
import type { Profile } from './profile.js';
import { FIELDS } from './decode-wire.js';
import { StringTable } from './string-table.js';
import { WireWriter } from './wire-writer.js';

/** Field numbers of perftools.profiles messages, as the decoder reads them. */
const F = FIELDS;

/**
 * Encodes a profile to pprof protobuf bytes (fields in number order, repeated scalars packed,
 * zeros left out, as proto3 writers do).
 */
export function encodeProfileProto(p: Profile): Uint8Array {
  const st = new StringTable();
  const out = new WireWriter(64 * 1024), msg = new WireWriter(256), sub = new WireWriter(64), scratch = new WireWriter(64);
  const valueType = (field: number, t: { type: string; unit: string }) => {
    msg.reset();
    msg.uint(F.ValueType.type, st.id(t.type));
    msg.uint(F.ValueType.unit, st.id(t.unit));
    out.bytesField(field, msg.view());
  };
  for (const t of p.sampleTypes) valueType(F.Profile.sample_type, t);
  const width = p.sampleTypes.length;
  const s = p.samples, lt = s.labels;
  const ids: number[] = [];
  for (let i = 0; i < s.count; i++) {
    msg.reset();
    ids.length = 0;
    for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) ids.push(p.locations[s.locations[k]!]!.id);
    msg.packed(F.Sample.location_id, ids, 0, ids.length, scratch);
    msg.packed(F.Sample.value, s.values, i * width, (i + 1) * width, scratch);
    for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
      sub.reset();
      sub.uint(F.Label.key, st.id(p.strings[lt.key[k]!]!));
      sub.uint(F.Label.str, st.id(p.strings[lt.str[k]!]!));
      sub.uint(F.Label.num, lt.num[k]!);
      sub.uint(F.Label.num_unit, st.id(p.strings[lt.numUnit[k]!]!));
      msg.bytesField(F.Sample.label, sub.view());
    }
    out.bytesField(F.Profile.sample, msg.view());
  }
  for (const m of p.mappings) {
    msg.reset();
    msg.uint(F.Mapping.id, m.id);
    msg.uint(F.Mapping.memory_start, m.memoryStart);
    msg.uint(F.Mapping.memory_limit, m.memoryLimit);
    msg.uint(F.Mapping.file_offset, m.fileOffset);
    msg.uint(F.Mapping.filename, st.id(m.filename));
    msg.uint(F.Mapping.build_id, st.id(m.buildId));
    msg.bool(F.Mapping.has_functions, m.hasFunctions);
    msg.bool(F.Mapping.has_filenames, m.hasFilenames);
    msg.bool(F.Mapping.has_line_numbers, m.hasLineNumbers);
    msg.bool(F.Mapping.has_inline_frames, m.hasInlineFrames);
    out.bytesField(F.Profile.mapping, msg.view());
  }
  for (const l of p.locations) {
    msg.reset();
    msg.uint(F.Location.id, l.id);
    msg.uint(F.Location.mapping_id, l.mapping >= 0 ? p.mappings[l.mapping]!.id : 0);
    msg.uint(F.Location.address, l.address);
    for (const ln of l.lines) {
      sub.reset();
      sub.uint(F.Line.function_id, p.functions[ln.function]!.id);
      sub.uint(F.Line.line, ln.line);
      sub.uint(F.Line.column, ln.column);
      msg.bytesField(F.Location.line, sub.view());
    }
    msg.bool(F.Location.is_folded, l.isFolded);
    out.bytesField(F.Profile.location, msg.view());
  }
  for (const f of p.functions) {
    msg.reset();
    msg.uint(F.Function.id, f.id);
    msg.uint(F.Function.name, st.id(f.name));
    msg.uint(F.Function.system_name, st.id(f.systemName));
    msg.uint(F.Function.filename, st.id(f.filename));
    msg.uint(F.Function.start_line, f.startLine);
    out.bytesField(F.Profile.function, msg.view());
  }
  // Every string is known once the fields above and below have their ids.
  const dropFrames = st.id(p.dropFrames), keepFrames = st.id(p.keepFrames);
  const comments = p.comments.map((c) => st.id(c));
  const defaultSampleType = st.id(p.defaultSampleType), docUrl = st.id(p.docUrl);
  st.id(p.periodType.type);
  st.id(p.periodType.unit);
  const utf8 = new TextEncoder();
  for (const str of st.strings) out.bytesField(F.Profile.string_table, utf8.encode(str));
  out.uint(F.Profile.drop_frames, dropFrames);
  out.uint(F.Profile.keep_frames, keepFrames);
  out.uint(F.Profile.time_nanos, p.timeNanos);
  out.uint(F.Profile.duration_nanos, p.durationNanos);
  valueType(F.Profile.period_type, p.periodType);
  out.uint(F.Profile.period, p.period);
  out.packed(F.Profile.comment, comments, 0, comments.length, scratch);
  out.uint(F.Profile.default_sample_type, defaultSampleType);
  out.uint(F.Profile.doc_url, docUrl);
  return out.view();
}

/** Encodes a profile as gzip'd pprof, the form `go tool pprof` and Go itself use. */
export function encodeProfile(p: Profile): Uint8Array {
  return gzipSync(encodeProfileProto(p));
}
