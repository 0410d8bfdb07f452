/**
 * Small text primitives that behave like their Go counterparts, for parsers that must treat
 * text exactly as pprof (written in Go) does.
 */

/** Go's `\s` in regular expressions (RE2): ASCII whitespace without `\v`. */
export const GO_SPACE = '[\\t\\n\\f\\r ]';
/** Go's `\S` in regular expressions (RE2). */
export const GO_NON_SPACE = '[^\\t\\n\\f\\r ]';

const UNICODE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** Go's strings.TrimSpace: trims Unicode white space (unlike String.prototype.trim, not U+FEFF). */
export function goTrimSpace(s: string): string {
  let start = 0, end = s.length;
  while (start < end && UNICODE_SPACE.test(s[start]!)) start++;
  while (end > start && UNICODE_SPACE.test(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** The longest line bufio.Scanner accepts by default; longer lines make it fail. */
export const GO_MAX_SCAN_LINE = 64 * 1024;

/**
 * Splits text into lines as Go's bufio.Scanner with ScanLines does: on `\n`, dropping one
 * trailing `\r`, with no empty final line when the text ends in a newline.
 */
export function goScanLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Go's path/filepath.Base on a slash-separated path. */
export function goBase(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Go's strings.NewReplacer(pairs...).Replace(s) for the general case: scanning left to right,
 * at each position the first pair (in argument order) whose old string matches is replaced.
 */
export function goReplaceAll(s: string, pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const hit = pairs.find(([from]) => from !== '' && s.startsWith(from, i));
    if (hit === undefined) { out += s[i]; i++; continue; }
    out += hit[1];
    i += hit[0].length;
  }
  return out;
}

const MAX_U64 = (1n << 64n) - 1n;

/** Go's strconv.ParseUint(s, 16, 64): hex digits only (no prefix); undefined on error or overflow. */
export function goParseHexU64(s: string): bigint | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(s)) return undefined;
  const v = BigInt(`0x${s}`);
  return v > MAX_U64 ? undefined : v;
}

/** Two's complement uint64 subtraction, as Go computes `a - b` on uint64. */
export function u64Sub(a: bigint, b: bigint): bigint {
  return BigInt.asUintN(64, a - b);
}
