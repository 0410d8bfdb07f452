import { ProfileLegacyInvalid } from '../common/errors.js';
import { goBase, goParseHexU64, goTrimSpace } from './go-text.js';
import type { LegacyLine, LegacyLocation } from './legacy-model.js';

/*
 * The symbol section of a Java legacy CPU profile, read as pprof reads it (parseJavaLocations):
 * one `0xADDRESS description` line per address, where the description is `function (file:line)`,
 * `function (path/to/lib.so)`, a `generated stub/JIT` marker, or a bare name such as `VM` or `GC`.
 */

/*
 * pprof matches these lines with regular expressions (Go's RE2, which runs in linear time):
 *   line:      ^\s*0x([[:xdigit:]]+)\s+(.*)\s*$
 *   file:line  ^(.*)\s+\((.+):(-?[[:digit:]]+)\)$
 *   path:      ^(.*)\s+\((.*)\)$
 * A backtracking engine takes quadratic time on some inputs of these shapes, so they are
 * matched by hand below, with the same results (greedy groups, Go's ASCII-only \s).
 */

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** `^\s*0x(hex+)\s+(.*)\s*$`: the address digits and the description, or undefined. */
function splitLocation(line: string): [string, string] | undefined {
  let i = 0;
  while (isSpace(line[i])) i++;
  if (!line.startsWith('0x', i)) return undefined;
  const digits = i + 2;
  let j = digits;
  while (isHex(line[j])) j++;
  if (j === digits || !isSpace(line[j])) return undefined;
  const hex = line.slice(digits, j);
  while (isSpace(line[j])) j++;
  const rest = line.slice(j);
  return rest.includes('\n') ? undefined : [hex, rest];
}

/** The rightmost `(` preceded by white space with at least `minAfter` characters before `end`. */
function lastOpenParen(text: string, end: number, minAfter: number): number {
  for (let k = end - 1 - minAfter; k >= 1; k--) {
    if (text[k] === '(' && isSpace(text[k - 1])) return k;
  }
  return -1;
}

const LINE_SUFFIX_RE = /:(-?[0-9]+)\)$/;

function describe(text: string): LegacyLine {
  if (!text.includes('\n')) {
    const suffix = LINE_SUFFIX_RE.exec(text);
    if (suffix !== null) {
      // `(.+)` between the parenthesis and the colon must not be empty.
      const k = lastOpenParen(text, suffix.index, 1);
      if (k >= 0) {
        const n = Number(suffix[1]);
        // pprof keeps only positive line numbers that fit an int64.
        const line = Number.isSafeInteger(n) && n > 0 ? n : 0;
        return { name: text.slice(0, k - 1), filename: text.slice(k + 1, suffix.index), line };
      }
    }
    if (text.endsWith(')')) {
      const k = lastOpenParen(text, text.length - 1, 0);
      if (k >= 0) return { name: text.slice(0, k - 1), filename: goBase(text.slice(k + 1, -1)), line: 0 };
    }
  }
  if (text.includes('generated stub/JIT')) return { name: 'STUB', filename: '', line: 0 };
  return { name: text, filename: '', line: 0 };
}

/**
 * Resolves the locations named in `text` and clears their addresses, as pprof does. Lines for
 * addresses no sample uses, and lines of any other shape, are ignored. Functions are shared by
 * name: the first line naming a function decides its file name.
 */
export function applyJavaSymbols(text: string, locations: ReadonlyMap<bigint, LegacyLocation>): void {
  const functions = new Map<string, LegacyLine>();
  for (const rawLine of text.split('\n')) {
    const line = goTrimSpace(rawLine);
    if (line === '') continue;
    const parts = splitLocation(line);
    if (parts === undefined) continue;
    const [hex, description] = parts;
    const address = goParseHexU64(hex);
    if (address === undefined) throw new ProfileLegacyInvalid(`symbol address 0x${hex.slice(0, 32)} does not fit 64 bits`);
    const loc = locations.get(address);
    if (loc === undefined) continue;
    const d = describe(description);
    let fn = functions.get(d.name);
    if (fn === undefined) {
      fn = d;
      functions.set(d.name, fn);
    }
    loc.line = { name: fn.name, filename: fn.filename, line: d.line };
    loc.address = 0n;
  }
}
