import { posix } from 'node:path';

/** What pprof knows of a node when it names it. */
export interface NodeInfo {
  name: string;
  file: string;
  line: number;
  objfile: string;
}

/**
 * The printable name `go tool pprof` gives a node (NodeInfo.PrintableName, without address):
 * `name`, `name file:line`, `[binary]` for frames without symbols, `<unknown>` when nothing is known.
 */
export function printableName(info: NodeInfo): string {
  const parts: string[] = [];
  if (info.name !== '') parts.push(info.name);
  if (info.line !== 0) parts.push(`${info.file}:${info.line}`);
  else if (info.file !== '') parts.push(info.file);
  else if (info.name !== '') { /* the name alone */ }
  else if (info.objfile !== '') parts.push(`[${posix.basename(info.objfile)}]`);
  else parts.push('<unknown>');
  return parts.join(' ');
}

/** Go's filepath.Clean for the slash-separated paths found in profiles. */
export function cleanPath(path: string): string {
  if (path === '' || !UNCLEAN.test(path)) return path;
  return posix.normalize(path).replace(/(.)\/$/, '$1');
}

const UNCLEAN = /\/\/|(^|\/)\.\.?(\/|$)|.\/$/;
