import { ProfileLegacyInvalid } from '../common/errors.js';
import { GO_MAX_SCAN_LINE, GO_NON_SPACE, GO_SPACE, goReplaceAll, goScanLines, goParseHexU64, goTrimSpace, u64Sub } from './go-text.js';
import type { LegacyLocation, LegacyMapping } from './legacy-model.js';

/*
 * The memory map that follows the samples of a legacy profile, read the way pprof reads it
 * (profile.ParseMemoryMap): /proc/self/maps lines or the brief "start-end file (@offset) buildid"
 * form, non-executable entries skipped, unrecognised lines ignored, `attr=value` lines defining
 * `$attr` substitutions for later lines. Then pprof's clean-ups: adjacent pieces of one mapping
 * merged, the main binary moved first, and each location given the mapping holding its address.
 */

const S = GO_SPACE;
const HEX = '[0-9A-Fa-f]';
const C_HEX = `(?:0x)?(${HEX}+)`;
const C_HEX_RANGE = `${S}*${C_HEX}[\\t\\n\\f\\r -]?${S}*${C_HEX}:?`;
const C_PERM = `(?:${S}+([-rwxp]+))?`;
const C_SPACE_HEX = `(?:${S}+(${HEX}+))?`;
const C_SPACE_STRING = `(?:${S}+(${GO_NON_SPACE}+))?`;
const C_SPACE_AT_OFFSET = `(?:${S}+\\(@(${HEX}+)\\))?`;
const HEX_PAIR = `${S}+${HEX}+:${HEX}+`;
const SPACE_DIGITS = `${S}+[0-9]+`;

/** `start-end perms offset dev inode file`, as in /proc/self/maps. */
const PROC_MAPS_RE = new RegExp(`^${C_HEX_RANGE}${C_PERM}${C_SPACE_HEX}${HEX_PAIR}${SPACE_DIGITS}${C_SPACE_STRING}`);
/** `start-end [perms] [file] [(@offset)] [buildid]`. */
const BRIEF_MAPS_RE = new RegExp(`^${C_HEX_RANGE}${C_PERM}${C_SPACE_STRING}${C_SPACE_AT_OFFSET}${C_SPACE_HEX}`);
/** A glog prefix, `... file.cc:123] `, which pprof strips before parsing a line. */
const LOG_PREFIX_RE = new RegExp(`^[^\\[\\]]+:[0-9]+\\]${S}`);
/** Shared-library file names, which are never the main binary. */
const LIBRARY_RE = /([.]so$|[.]so[._][0-9]+)/;

const MAX_U64 = (1n << 64n) - 1n;

/**
 * The two leading hex runs of a line, found without backtracking. Go's regular expressions run
 * in linear time; JavaScript's backtrack, and the range part of the patterns above takes time
 * quadratic in the length of these runs. Real addresses have at most 16 digits (18 with `0x`),
 * so lines with longer runs are treated as unrecognised instead of being matched.
 */
const LEADING_RUNS_RE = new RegExp(`^${S}*(?:0x)?(${HEX}*)[\\t\\n\\f\\r -]?${S}*(?:0x)?(${HEX}*)`);
const MAX_HEX_RUN = 64;

function hasHugeHexRun(line: string): boolean {
  const m = LEADING_RUNS_RE.exec(line);
  return m !== null && (m[1]!.length > MAX_HEX_RUN || m[2]!.length > MAX_HEX_RUN);
}

/** What one line of the memory map says. */
type MapLine = { kind: 'mapping'; mapping: LegacyMapping } | { kind: 'skipped' } | { kind: 'unrecognized' };

function parseMapLine(line: string): MapLine {
  if (hasHugeHexRun(line)) return { kind: 'unrecognized' };
  let start: string, end: string, perm: string, offset: string, file: string, buildId = '';
  const proc = PROC_MAPS_RE.exec(line);
  if (proc !== null) {
    [start, end, perm, offset, file] = [proc[1]!, proc[2]!, proc[3] ?? '', proc[4] ?? '', proc[5] ?? ''];
  } else {
    const brief = BRIEF_MAPS_RE.exec(line);
    if (brief === null) return { kind: 'unrecognized' };
    [start, end, perm, file, offset, buildId] = [brief[1]!, brief[2]!, brief[3] ?? '', brief[4] ?? '', brief[5] ?? '', brief[6] ?? ''];
  }
  if (perm !== '' && !perm.includes('x')) return { kind: 'skipped' };
  const startValue = goParseHexU64(start), limitValue = goParseHexU64(end);
  const offsetValue = offset === '' ? 0n : goParseHexU64(offset);
  if (startValue === undefined || limitValue === undefined || offsetValue === undefined) return { kind: 'unrecognized' };
  return { kind: 'mapping', mapping: { start: startValue, limit: limitValue, offset: offsetValue, file, buildId } };
}

/** The executable mappings listed in `text`, in order. */
export function parseMemoryMap(text: string): LegacyMapping[] {
  const mappings: LegacyMapping[] = [];
  const substitutions: [string, string][] = [];
  for (const rawLine of goScanLines(text)) {
    // pprof's line scanner gives up on longer lines, and so does pprof.
    if (rawLine.length >= GO_MAX_SCAN_LINE) throw new ProfileLegacyInvalid(`memory map line longer than ${GO_MAX_SCAN_LINE} bytes`);
    const prefix = LOG_PREFIX_RE.exec(rawLine);
    const line = goReplaceAll(prefix === null ? rawLine : rawLine.slice(prefix[0].length), substitutions);
    const parsed = parseMapLine(line);
    if (parsed.kind === 'mapping') mappings.push(parsed.mapping);
    else if (parsed.kind === 'unrecognized') {
      const eq = line.indexOf('=');
      if (eq >= 0) substitutions.push([`$${goTrimSpace(line.slice(0, eq))}`, goTrimSpace(line.slice(eq + 1))]);
    }
  }
  return mappings;
}

/** Whether `b` continues `a`: same file and build id when both are known, adjacent, consistent offsets. */
function adjacent(a: LegacyMapping, b: LegacyMapping): boolean {
  if (a.file !== '' && b.file !== '' && a.file !== b.file) return false;
  if (a.buildId !== '' && b.buildId !== '' && a.buildId !== b.buildId) return false;
  if (a.limit !== b.start) return false;
  if (a.offset !== 0n && b.offset !== 0n && BigInt.asUintN(64, a.offset + u64Sub(a.limit, a.start)) !== b.offset) return false;
  return true;
}

/**
 * pprof's massageMappings: merges mappings split into adjacent pieces and moves the first one
 * that looks like the main binary (named, not a shared library, not `[vdso]`-like) to the front.
 */
export function massageMappings(input: readonly LegacyMapping[]): LegacyMapping[] {
  let mappings = [...input];
  if (mappings.length > 1) {
    const merged: LegacyMapping[] = [mappings[0]!];
    for (const m of mappings.slice(1)) {
      const last = merged[merged.length - 1]!;
      if (adjacent(last, m)) {
        last.limit = m.limit;
        if (m.file !== '') last.file = m.file;
        if (m.buildId !== '') last.buildId = m.buildId;
        continue;
      }
      merged.push(m);
    }
    mappings = merged;
  }
  for (let i = 0; i < mappings.length; i++) {
    const file = goTrimSpace(mappings[i]!.file.replaceAll('(deleted)', ''));
    if (file === '' || LIBRARY_RE.test(file) || file.startsWith('[')) continue;
    [mappings[0], mappings[i]] = [mappings[i]!, mappings[0]!];
    break;
  }
  return mappings;
}

/**
 * pprof's remapMappingIDs: fixes up the main mapping, then gives every location with a non-zero
 * address the mapping that contains it. Locations no mapping contains share one catch-all
 * mapping with no file (appended), as pprof does for Go's legacy profiles, which have no map.
 * Returns the final mapping list.
 */
export function assignMappings(input: readonly LegacyMapping[], locations: readonly LegacyLocation[]): LegacyMapping[] {
  let mappings = [...input];
  const first = mappings[0];
  if (first !== undefined && first.file.startsWith('/anon_hugepage') && mappings.length > 1 && first.limit === mappings[1]!.start) {
    mappings = mappings.slice(1);
  }
  const main = mappings[0];
  const expectedStart = 0x400000n;
  if (main !== undefined && u64Sub(main.start, main.offset) === expectedStart) {
    main.start = expectedStart;
    main.offset = 0n;
  }
  let fake: LegacyMapping | undefined;
  for (const loc of locations) {
    const a = loc.address;
    if (loc.mapping !== null || a === 0n) continue;
    loc.mapping = mappings.find((m) => m.start <= a && a < m.limit) ?? null;
    if (loc.mapping !== null) continue;
    // Legacy handlers could omit the first piece of a mapping split in two: extend it back.
    const extended = mappings.find((m) => m.offset !== 0n && u64Sub(m.start, m.offset) <= a && a < m.start);
    if (extended !== undefined) {
      extended.start = u64Sub(extended.start, extended.offset);
      extended.offset = 0n;
      loc.mapping = extended;
      continue;
    }
    if (fake === undefined) {
      fake = { start: 0n, limit: MAX_U64, offset: 0n, file: '', buildId: '' };
      mappings.push(fake);
    }
    loc.mapping = fake;
  }
  return mappings;
}
