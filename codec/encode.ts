import { gzip } from 'pako';
import type { Profile } from './profile.js';
import { profileSchema } from './schema.js';
import { StringTable } from './string-table.js';

/** Encodes a profile to pprof protobuf bytes with protobufjs, from proto/profile.proto. */
export function encodeProfileProto(p: Profile): Uint8Array {
  const st = new StringTable();
  const vt = (t: { type: string; unit: string }) => ({ type: st.id(t.type), unit: st.id(t.unit) });
  const width = p.sampleTypes.length;
  const s = p.samples, lt = s.labels;
  const sample = [];
  for (let i = 0; i < s.count; i++) {
    const locationId: number[] = [];
    for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) locationId.push(p.locations[s.locations[k]!]!.id);
    const label = [];
    for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
      label.push({
        key: st.id(p.strings[lt.key[k]!]!), str: st.id(p.strings[lt.str[k]!]!), num: lt.num[k]!,
        numUnit: st.id(p.strings[lt.numUnit[k]!]!),
      });
    }
    sample.push({ locationId, value: Array.from(s.values.subarray(i * width, (i + 1) * width)), label });
  }
  const message = {
    sampleType: p.sampleTypes.map(vt),
    sample,
    mapping: p.mappings.map((m) => ({
      id: m.id, memoryStart: m.memoryStart, memoryLimit: m.memoryLimit, fileOffset: m.fileOffset,
      filename: st.id(m.filename), buildId: st.id(m.buildId), hasFunctions: m.hasFunctions,
      hasFilenames: m.hasFilenames, hasLineNumbers: m.hasLineNumbers, hasInlineFrames: m.hasInlineFrames,
    })),
    location: p.locations.map((l) => ({
      id: l.id, mappingId: l.mapping >= 0 ? p.mappings[l.mapping]!.id : 0, address: l.address, isFolded: l.isFolded,
      line: l.lines.map((ln) => ({ functionId: p.functions[ln.function]!.id, line: ln.line, column: ln.column })),
    })),
    function: p.functions.map((f) => ({
      id: f.id, name: st.id(f.name), systemName: st.id(f.systemName), filename: st.id(f.filename), startLine: f.startLine,
    })),
    dropFrames: st.id(p.dropFrames),
    keepFrames: st.id(p.keepFrames),
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    periodType: vt(p.periodType),
    period: p.period,
    comment: p.comments.map((c) => st.id(c)),
    defaultSampleType: st.id(p.defaultSampleType),
    docUrl: st.id(p.docUrl),
    stringTable: st.strings,
  };
  const { Profile: ProfileType } = profileSchema();
  return ProfileType.encode(ProfileType.fromObject(message)).finish();
}

/** Encodes a profile as gzip'd pprof, the form `go tool pprof` and Go itself use. */
export function encodeProfile(p: Profile): Uint8Array {
  return gzip(encodeProfileProto(p));
}
