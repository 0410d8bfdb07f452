import { ProfileLegacyInvalid, ProfileTooManySamples } from '../common/errors.js';
import type { RawLocation, RawMapping, RawProfile } from './decode-wire.js';
import { applyJavaSymbols } from './legacy-java-symbols.js';
import { assignMappings, massageMappings, parseMemoryMap } from './legacy-memory-map.js';
import type { LegacyLocation, LegacyMapping, LegacySample } from './legacy-model.js';
import type { DecodeLimits } from './limits.js';
import type { Profile } from './profile.js';
import { validateProfile } from './validate.js';

/*
 * The legacy binary CPU profile of gperftools and of the Go runtime before protobuf, converted
 * as `go tool pprof` converts it (google/pprof profile/legacy_profile.go, parseCPU), so that
 * every analysis agrees with pprof's on these files.
 *
 * Layout: machine words of 32 or 64 bits in either byte order. A header [0, 3, kind, period in
 * microseconds, 0] (kind 0: native, 1: Java); samples [count, depth, pc × depth]; a trailer
 * [0, 1, 0]; then text: a /proc/self/maps-style memory map, or Java's symbol lines.
 */

/** One way of reading a machine word: its size in bytes and byte order. */
interface WordFormat { size: 4 | 8; littleEndian: boolean }

/** The word formats in the order pprof tries them. */
const WORD_FORMATS: readonly WordFormat[] = [
  { size: 4, littleEndian: true },
  { size: 4, littleEndian: false },
  { size: 8, littleEndian: true },
  { size: 8, littleEndian: false },
];

const HEADER_WORDS = 5;
const KIND_NATIVE = 0n;
const KIND_JAVA = 1n;

/** Frames of gperftools' signal handler, which pprof drops from legacy CPU profiles. */
const CPU_PROFILER_DROP_FRAMES = [
  'ProfileData::Add', 'ProfileData::prof_handler', 'CpuProfiler::prof_handler', '__pthread_sighandler', '__restore',
].join('|');

interface Header { format: WordFormat; kind: bigint; periodMicros: bigint }

function readWord(view: DataView, offset: number, format: WordFormat): bigint {
  return format.size === 8 ? view.getBigUint64(offset, format.littleEndian) : BigInt(view.getUint32(offset, format.littleEndian));
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readHeader(bytes: Uint8Array): Header | undefined {
  const view = viewOf(bytes);
  for (const format of WORD_FORMATS) {
    if (bytes.length < HEADER_WORDS * format.size) continue;
    const w = (i: number): bigint => readWord(view, i * format.size, format);
    const kind = w(2);
    if (w(0) === 0n && w(1) === 3n && (kind === KIND_NATIVE || kind === KIND_JAVA) && w(3) > 0n && w(4) === 0n) {
      return { format, kind, periodMicros: w(3) };
    }
  }
  return undefined;
}

/**
 * True when the bytes start with the header of a legacy CPU profile ([0, 3, 0 or 1, period, 0]
 * in 32- or 64-bit words of either byte order). Such bytes are never valid protobuf: a
 * message cannot start with a zero byte.
 */
export function isLegacyCpuProfile(bytes: Uint8Array): boolean {
  return readHeader(bytes) !== undefined;
}

interface ParsedSamples { samples: LegacySample[]; locations: Map<bigint, LegacyLocation>; rest: Uint8Array }

/**
 * Reads the samples up to the trailer, one location per distinct address. With `adjust`,
 * every non-leaf address (a return address) is moved back by one byte into its call
 * instruction, as pprof does for native profiles. A missing trailer is accepted, as pprof
 * accepts it; a truncated sample is not.
 */
function parseSamples(bytes: Uint8Array, start: number, format: WordFormat, adjust: boolean, limits: Readonly<DecodeLimits>): ParsedSamples {
  const view = viewOf(bytes);
  const size = format.size;
  const samples: LegacySample[] = [];
  const locations = new Map<bigint, LegacyLocation>();
  let pos = start;
  while (pos < bytes.length) {
    if (bytes.length - pos < 2 * size) throw new ProfileLegacyInvalid(`sample ${samples.length} is cut short at byte ${pos}`);
    const count = readWord(view, pos, format);
    const depth = readWord(view, pos + size, format);
    pos += 2 * size;
    if (depth > BigInt(Math.floor((bytes.length - pos) / size))) {
      throw new ProfileLegacyInvalid(`sample ${samples.length} claims ${depth} frames, more than the ${bytes.length - pos} bytes left hold`);
    }
    const n = Number(depth);
    if (count === 0n && n === 1 && readWord(view, pos, format) === 0n) {
      return { samples, locations, rest: bytes.subarray(pos + size) };
    }
    const stack: LegacyLocation[] = new Array<LegacyLocation>(n);
    for (let i = 0; i < n; i++) {
      let address = readWord(view, pos + i * size, format);
      if (adjust && i > 0) address = BigInt.asUintN(64, address - 1n);
      let loc = locations.get(address);
      if (loc === undefined) {
        loc = { address, mapping: null, line: null };
        locations.set(address, loc);
      }
      stack[i] = loc;
    }
    pos += n * size;
    samples.push({ count, stack });
    if (samples.length > limits.maxSamples) throw new ProfileTooManySamples(limits.maxSamples);
  }
  return { samples, locations, rest: bytes.subarray(pos) };
}

/**
 * pprof's guess that a frame found second from the leaf in (nearly) every sample was pushed by
 * the profiler's signal handler: such a frame is removed from every sample, up to twice. One
 * sample in 32 may differ.
 */
function stripSignalHandlerFrames(samples: readonly LegacySample[]): void {
  const margin = Math.floor(samples.length / 32);
  for (let round = 0; round < 2; round++) {
    const seen = new Map<LegacyLocation, number>();
    for (const s of samples) {
      const caller = s.stack[1];
      if (caller !== undefined) seen.set(caller, (seen.get(caller) ?? 0) + 1);
    }
    for (const [loc, n] of seen) {
      if (n < samples.length - margin) continue;
      for (const s of samples) if (s.stack[1] === loc) s.stack.splice(1, 1);
      break;
    }
  }
}

/**
 * The profiler may record the leaf twice, from the signal context and from unwinding; the
 * unwound copy was then moved back by one. pprof drops it.
 */
function dropDuplicateLeaves(samples: readonly LegacySample[]): void {
  for (const s of samples) {
    const [leaf, next] = s.stack;
    if (leaf !== undefined && next !== undefined && leaf.address === BigInt.asUintN(64, next.address + 1n)) s.stack.splice(1, 1);
  }
}

/** The locations samples use, in order of first use, as pprof renumbers them. */
function usedLocations(samples: readonly LegacySample[]): LegacyLocation[] {
  const seen = new Set<LegacyLocation>();
  for (const s of samples) for (const loc of s.stack) seen.add(loc);
  return [...seen];
}

/** Lays the converted profile out as if it came off the wire, for the common validation. */
function toRawProfile(
  samples: readonly LegacySample[], locations: readonly LegacyLocation[], mappings: readonly LegacyMapping[], period: bigint,
): RawProfile {
  const strings = [''];
  const stringIds = new Map<string, number>([['', 0]]);
  const str = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      stringIds.set(s, id);
    }
    return id;
  };
  const mappingIds = new Map<LegacyMapping, number>();
  const rawMappings: RawMapping[] = mappings.map((m, i) => {
    mappingIds.set(m, i + 1);
    return {
      id: i + 1, memoryStart: Number(m.start), memoryLimit: Number(m.limit), fileOffset: Number(m.offset),
      filename: str(m.file), buildId: str(m.buildId),
      hasFunctions: false, hasFilenames: false, hasLineNumbers: false, hasInlineFrames: false,
    };
  });
  const functionIds = new Map<string, number>();
  const rawFunctions: RawProfile['functions'] = [];
  const locationIds = new Map<LegacyLocation, number>();
  const rawLocations: RawLocation[] = locations.map((loc, i) => {
    locationIds.set(loc, i + 1);
    const lines = [];
    if (loc.line !== null) {
      let fid = functionIds.get(loc.line.name);
      if (fid === undefined) {
        fid = rawFunctions.length + 1;
        functionIds.set(loc.line.name, fid);
        const name = str(loc.line.name);
        rawFunctions.push({ id: fid, name, systemName: name, filename: str(loc.line.filename), startLine: 0 });
      }
      lines.push({ function: fid, line: loc.line.line, column: 0 });
    }
    const mappingId = loc.mapping === null ? 0 : mappingIds.get(loc.mapping) ?? 0;
    return { id: i + 1, mapping: mappingId, address: Number(loc.address), lines, isFolded: false };
  });

  const n = samples.length;
  const depth = samples.reduce((sum, s) => sum + s.stack.length, 0);
  const stackOffsets = new Uint32Array(n + 1);
  const stackIds = new Uint32Array(depth);
  const valueOffsets = new Uint32Array(n + 1);
  const values = new Float64Array(2 * n);
  let k = 0;
  samples.forEach((s, i) => {
    for (const loc of s.stack) stackIds[k++] = locationIds.get(loc)!;
    stackOffsets[i + 1] = k;
    valueOffsets[i + 1] = 2 * (i + 1);
    values[2 * i] = Number(BigInt.asIntN(64, s.count));
    values[2 * i + 1] = Number(BigInt.asIntN(64, s.count * period));
  });
  const dropFrames = str(CPU_PROFILER_DROP_FRAMES);
  const samplesType = { type: str('samples'), unit: str('count') };
  const cpuType = { type: str('cpu'), unit: str('nanoseconds') };
  return {
    sampleTypes: [samplesType, cpuType], sampleCount: n, stackOffsets, locationIds: stackIds, bigLocationIds: [], valueOffsets, values,
    labelOffsets: new Uint32Array(n + 1), labelKey: new Uint32Array(0), labelStr: new Uint32Array(0),
    labelNum: new Float64Array(0), labelNumUnit: new Uint32Array(0),
    mappings: rawMappings, locations: rawLocations, functions: rawFunctions, strings,
    dropFrames, keepFrames: 0, timeNanos: 0, durationNanos: 0, periodType: cpuType,
    period: Number(period), comments: [], defaultSampleType: 0, docUrl: 0,
  };
}

/**
 * Decodes a legacy binary CPU profile (gperftools, or the Go runtime before Go 1.9) into a
 * {@link Profile} with sample types samples/count and cpu/nanoseconds, exactly as
 * `go tool pprof` reads it:
 *
 * - non-leaf addresses are moved back by one byte (native profiles only);
 * - a frame second from the leaf in nearly all samples is taken for the signal handler and
 *   removed (native profiles only);
 * - locations get the memory-map mapping that contains them, a file-less catch-all mapping
 *   when none does (so that frames print as `[binary]` or `<unknown>`);
 * - a duplicated leaf is dropped;
 * - Java profiles get their function names and lines from the symbol section, and their
 *   addresses are cleared.
 *
 * Addresses are exact while converting; in the returned profile they are JavaScript numbers,
 * exact up to 2^53. Throws FW_PROFILE_LEGACY_INVALID when the bytes are not such a profile.
 */
export function decodeLegacyCpuProfile(bytes: Uint8Array, limits: Readonly<DecodeLimits>): Profile {
  const header = readHeader(bytes);
  if (header === undefined) throw new ProfileLegacyInvalid('no legacy CPU profile header [0, 3, 0|1, period, 0]');
  const period = BigInt.asIntN(64, header.periodMicros * 1000n);
  const java = header.kind === KIND_JAVA;
  const parsed = parseSamples(bytes, HEADER_WORDS * header.format.size, header.format, !java, limits);
  const { samples } = parsed;
  const text = new TextDecoder().decode(parsed.rest);
  let locations: LegacyLocation[];
  let mappings: LegacyMapping[];
  if (java) {
    applyJavaSymbols(text, parsed.locations);
    locations = usedLocations(samples);
    mappings = assignMappings([], locations);
    for (const loc of locations) loc.address = 0n;
  } else {
    stripSignalHandlerFrames(samples);
    locations = usedLocations(samples);
    mappings = assignMappings(massageMappings(parseMemoryMap(text)), locations);
    dropDuplicateLeaves(samples);
  }
  return validateProfile(toRawProfile(samples, locations, mappings, period), limits);
}
