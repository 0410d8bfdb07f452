// Search in a flame tree: which nodes match, and the share of the total they hold (each match
// counted once: a match inside another match adds nothing).
import type { FlatTree } from './flat-tree.js';

export interface SearchResult {
  /** 1 for a node whose name matches, else 0. */
  matches: Uint8Array;
  /** Nodes that match. */
  count: number;
  /** Sum of the totals of matching nodes without a matching ancestor. */
  value: number;
  /** Distinct matching names. */
  names: string[];
}

/** A case-insensitive matcher: a regular expression when the text is one between slashes (/re/), else a substring. */
export function matcherOf(text: string): ((name: string) => boolean) | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const re = /^\/(.+)\/$/.exec(t);
  if (re) {
    try {
      const r = new RegExp(re[1]!, 'i');
      return (name) => r.test(name);
    } catch {
      return () => false;
    }
  }
  const lower = t.toLowerCase();
  return (name) => name.toLowerCase().includes(lower);
}

export function searchTree(t: FlatTree, match: (name: string) => boolean): SearchResult {
  const matches = new Uint8Array(t.count);
  const covered = new Uint8Array(t.count);
  const names = new Set<string>();
  let count = 0, value = 0;
  for (let i = 1; i < t.count; i++) {
    const p = t.parent[i]!;
    if (match(t.names[i]!)) {
      matches[i] = 1;
      count++;
      names.add(t.names[i]!);
      if (!covered[p]) value += t.total[i]!;
      covered[i] = 1;
    } else covered[i] = covered[p]!;
  }
  return { matches, count, value, names: [...names] };
}
