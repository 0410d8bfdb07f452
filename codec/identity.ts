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

/**
 * The labels of sample `i`, in a canonical order: samples with equal keys carry the same
 * labels. '' when the sample has none.
 */
export function sampleLabelsKey(profile: Profile, i: number): string {
  const { strings } = profile;
  const lt = profile.samples.labels;
  const start = lt.offsets[i]!, end = lt.offsets[i + 1]!;
  if (end === start) return '';
  const labels: string[] = [];
  for (let k = start; k < end; k++) {
    labels.push(lt.str[k] !== 0
      ? `${strings[lt.key[k]!]}=${strings[lt.str[k]!]}`
      : `${strings[lt.key[k]!]}#${lt.num[k]}${strings[lt.numUnit[k]!]}`);
  }
  return labels.sort().join('\u0001');
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
