/**
 * The working model of a legacy (pre-protobuf) profile while it is being converted: addresses
 * are exact 64-bit values and locations and mappings are shared objects, as in pprof's own
 * parser, so the heuristics pprof applies to legacy profiles can be reproduced step by step.
 */

/** A memory mapping from the text section of a legacy profile. */
export interface LegacyMapping {
  start: bigint;
  limit: bigint;
  offset: bigint;
  file: string;
  buildId: string;
}

/** The function and line a location resolves to (Java profiles carry these). */
export interface LegacyLine {
  name: string;
  filename: string;
  line: number;
}

/** One distinct (possibly adjusted) address of the profile. */
export interface LegacyLocation {
  address: bigint;
  mapping: LegacyMapping | null;
  line: LegacyLine | null;
}

/** One stack of the profile with its hit count, leaf first. */
export interface LegacySample {
  count: bigint;
  stack: LegacyLocation[];
}
