import type { Labels } from '../common/labels.js';
import type { PprofFunction, PprofMapping, Profile } from './profile.js';

/**
 * The identity of each entity of a profile: two entities with the same key are the same, in
 * a merge, in the store's dictionary and across scrapes. One key function per entity.
 */

/** Mapping flag bits, as a mapping's flags are stored. */
export const MAPPING_FLAG = Object.freeze({ functions: 1, filenames: 2, lineNumbers: 4, inlineFrames: 8 });

type MappingFlags = Pick<PprofMapping, 'hasFunctions' | 'hasFilenames' | 'hasLineNumbers' | 'hasInlineFrames'>;

/** The flags of a mapping as one number. */
export function mappingFlags(m: MappingFlags): number {
  return (m.hasFunctions ? MAPPING_FLAG.functions : 0) | (m.hasFilenames ? MAPPING_FLAG.filenames : 0)
    | (m.hasLineNumbers ? MAPPING_FLAG.lineNumbers : 0) | (m.hasInlineFrames ? MAPPING_FLAG.inlineFrames : 0);
}

/** The flags of a mapping from their stored number. */
export function mappingFlagsOf(flags: number): MappingFlags {
  return {
    hasFunctions: (flags & MAPPING_FLAG.functions) !== 0, hasFilenames: (flags & MAPPING_FLAG.filenames) !== 0,
    hasLineNumbers: (flags & MAPPING_FLAG.lineNumbers) !== 0, hasInlineFrames: (flags & MAPPING_FLAG.inlineFrames) !== 0,
  };
}

/** A function is its name, system name, file and start line. */
export function functionKey(f: Pick<PprofFunction, 'name' | 'systemName' | 'filename' | 'startLine'>): string {
  return `${f.name}\0${f.systemName}\0${f.filename}\0${f.startLine}`;
}

/** A mapping is its address range, file offset, file, build id and flags ({@link mappingFlags}). */
export function mappingKey(m: Pick<PprofMapping, 'memoryStart' | 'memoryLimit' | 'fileOffset' | 'filename' | 'buildId'>, flags: number): string {
  return `${m.memoryStart}\0${m.memoryLimit}\0${m.fileOffset}\0${m.filename}\0${m.buildId}\0${flags}`;
}

/**
 * A location is its mapping, address, folded flag and lines, given as flat (function, line,
 * column) triples; mapping and function are ids of the same namespace as the caller's.
 */
export function locationKey(mapping: number, address: number, folded: boolean, lines: ArrayLike<number>): string {
  let key = `${mapping}|${address}|${folded ? 1 : 0}|`;
  for (let i = 0; i < lines.length; i++) key += i === 0 ? `${lines[i]}` : `,${lines[i]}`;
  return key;
}

/** One sample label as pprof reads it: a string label, or a numeric one with its unit ('' when none). */
export type SampleLabel = { key: string; str: string } | { key: string; num: number; unit: string };

/** A sample's labels in canonical order ({@link sampleLabelSet}); empty when it has none. */
export type LabelSet = readonly SampleLabel[];

/**
 * The labels of sample `i` as pprof reads them — a label with a string value is a string
 * label; one without, but with a number or a unit, is numeric; anything else is dropped — in
 * canonical order: by key, string labels before numeric ones, the values of one key in their
 * order (pprof keeps that order, and tells samples apart by it).
 */
export function sampleLabelSet(profile: Profile, i: number): SampleLabel[] {
  const { strings } = profile;
  const lt = profile.samples.labels;
  const start = lt.offsets[i]!, end = lt.offsets[i + 1]!;
  const labels: SampleLabel[] = [];
  for (let k = start; k < end; k++) {
    const key = strings[lt.key[k]!]!;
    if (lt.str[k] !== 0) labels.push({ key, str: strings[lt.str[k]!]! });
    else if (lt.num[k] !== 0 || lt.numUnit[k] !== 0) labels.push({ key, num: lt.num[k]!, unit: strings[lt.numUnit[k]!]! });
  }
  if (labels.length > 1) {
    // A stable sort keeps the order of each key's values.
    labels.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : ('str' in a ? 0 : 1) - ('str' in b ? 0 : 1)));
  }
  return labels;
}

/**
 * The identity of a label set: its canonical JSON, `[["handler","checkout"],["bytes",1024,"bytes"]]`
 * (`[key, value]` for a string label, `[key, number, unit]` for a numeric one), '' when empty.
 * Samples with equal keys carry the same labels: in a merge, across scrapes and in the store.
 */
export function labelSetKey(labels: LabelSet): string {
  if (labels.length === 0) return '';
  return JSON.stringify(labels.map((l) => ('str' in l ? [l.key, l.str] : [l.key, l.num, l.unit])));
}

/** The label set of a {@link labelSetKey}. */
export function labelSetOfKey(key: string): SampleLabel[] {
  if (key === '') return [];
  return (JSON.parse(key) as ([string, string] | [string, number, string])[])
    .map((l) => (l.length === 2 ? { key: l[0], str: l[1] } : { key: l[0], num: l[1], unit: l[2] }));
}

/** The {@link labelSetKey} of sample `i`'s labels. */
export function sampleLabelsKey(profile: Profile, i: number): string {
  const lt = profile.samples.labels, start = lt.offsets[i]!;
  const n = lt.offsets[i + 1]! - start;
  if (n === 0) return '';
  if (n > 1) return labelSetKey(sampleLabelSet(profile, i));
  // One label (the heap profile's bytes): the same key, without the objects.
  const { strings } = profile;
  const key = JSON.stringify(strings[lt.key[start]!]!);
  if (lt.str[start] !== 0) return `[[${key},${JSON.stringify(strings[lt.str[start]!]!)}]]`;
  if (lt.num[start] === 0 && lt.numUnit[start] === 0) return '';
  return `[[${key},${JSON.stringify(lt.num[start]!)},${JSON.stringify(strings[lt.numUnit[start]!]!)}]]`;
}

/** A series is its label set: the canonical JSON of its labels, names sorted. */
export function seriesKey(labels: Labels): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) sorted[k] = labels[k]!;
  return JSON.stringify(sorted);
}

/**
 * A scrape target is its service, base URL and path prefix: two targets with the same key would
 * scrape the same endpoints into the same series (and Go refuses a second concurrent CPU
 * profile). The URL is compared as parsed (scheme, host and port, path without a trailing /).
 */
export function targetKey(t: { service: string; url: string; pathPrefix: string }): string {
  let url = t.url;
  try {
    const u = new URL(t.url);
    url = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    // not a URL: the target check refuses it; compare it as written
  }
  return `${t.service}\0${url}\0${t.pathPrefix.replace(/\/+$/, '')}`;
}
