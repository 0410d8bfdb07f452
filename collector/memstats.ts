/** Where the MemStats trailer of Go's `heap?debug=1` text starts. */
export const MEMSTATS_TRAILER = '# runtime.MemStats';

/** MemStats fields written as `inuse / sys` pairs, stored as `<Name>Inuse` and `<Name>Sys`. */
const PAIRS = new Set(['Stack', 'MSpan', 'MCache']);

/**
 * Parses the `# runtime.MemStats` trailer of Go's `heap?debug=1` text into numbers:
 * `# HeapAlloc = 123` → HeapAlloc; `# Stack = 1 / 2` → StackInuse, StackSys. Arrays
 * (PauseNs, PauseEnd, BySize) and booleans are left out; unknown numeric fields are kept,
 * so newer Go versions (MaxRSS, …) pass through. Returns an empty object when there is no trailer.
 */
export function parseMemStats(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  const start = text.indexOf(MEMSTATS_TRAILER);
  if (start < 0) return values;
  for (const raw of text.slice(start).split('\n')) {
    const m = /^#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    const name = m[1]!, rest = m[2]!;
    const pair = /^(-?[0-9.eE+-]+)\s*\/\s*(-?[0-9.eE+-]+)$/.exec(rest);
    if (pair && PAIRS.has(name)) {
      const inuse = Number(pair[1]), sys = Number(pair[2]);
      if (Number.isFinite(inuse)) values[`${name}Inuse`] = inuse;
      if (Number.isFinite(sys)) values[`${name}Sys`] = sys;
      continue;
    }
    if (!/^-?[0-9][0-9.eE+-]*$/.test(rest)) continue;
    const n = Number(rest);
    if (Number.isFinite(n)) values[name] = n;
  }
  return values;
}

/** Counters that only grow during a process's life: any of them going down means a restart. */
export const MONOTONIC_MEMSTATS: readonly string[] = Object.freeze(['TotalAlloc', 'Mallocs', 'Frees', 'NumGC']);

/** True when a monotonic counter went down between two readings. */
export function memStatsWentBack(before: Readonly<Record<string, number>>, after: Readonly<Record<string, number>>): boolean {
  return MONOTONIC_MEMSTATS.some((k) => before[k] !== undefined && after[k] !== undefined && after[k]! < before[k]!);
}

/** Lets at most `limit` MemStats fetches run at once; a fetch that finds no room is not made. */
export class MemStatsGate {
  private running = 0;

  constructor(private readonly limit: number) {}

  /** True (and one more running) when there is room; then {@link release} once the fetch settles. */
  tryAcquire(): boolean {
    if (this.running >= this.limit) return false;
    this.running++;
    return true;
  }

  release(): void {
    this.running--;
  }
}
