import { TIME_RANGE_MS } from '../common/duration.js';
import type { ProfileReader, WindowQuery } from '../store/profile-store.js';
import { nodeWeights } from './node-weights.js';
import type { StackSet } from './stack-set.js';


function selectorText(selector: string): string {
  return selector.trim() === '' || selector.trim() === '{}' ? 'any series' : selector;
}

/**
 * Why a window has no profiles, for answers whose rows are empty: the selector matches no
 * series with data (naming the services that have some), or has data of other types only, or
 * only outside the window (naming its newest time).
 */
export async function emptyWindowHint(reader: Pick<ProfileReader, 'types' | 'labelValues'>, query: WindowQuery): Promise<string> {
  const what = selectorText(query.selector);
  const inWindow = await reader.types(query.selector, query.fromMs, query.toMs);
  if (inWindow.length > 0) {
    return `no ${query.type} profiles for ${what} in this window; types with data: ${inWindow.map((t) => t.type).join(', ')}`;
  }
  const ever = (await reader.types(query.selector, TIME_RANGE_MS.earliest, TIME_RANGE_MS.latest)).filter((t) => t.type === query.type);
  if (ever.length > 0) {
    const newest = Math.max(...ever.map((t) => t.lastMs));
    const when = newest < query.fromMs ? `the newest is from ${new Date(newest).toISOString()}`
      : `the oldest is from ${new Date(Math.min(...ever.map((t) => t.firstMs))).toISOString()}`;
    return `no ${query.type} profiles for ${what} in this window; ${when}`;
  }
  const services = await reader.labelValues('service', query.fromMs, query.toMs);
  return `no profiles for ${what} in this window; ${services.length > 0 ? `services with data: ${services.join(', ')}` : 'no service has data in this window'}`;
}

/** Why a regex matches no function of a window, naming the heaviest functions by flat. */
export function noFunctionHint(stacks: StackSet, pattern: string, names = 5): string {
  const { flat } = nodeWeights(stacks);
  const byFunction = new Map<string, number>();
  stacks.frames.forEach((f, id) => {
    if (f.functionName !== '') byFunction.set(f.functionName, (byFunction.get(f.functionName) ?? 0) + Math.abs(flat[id]!));
  });
  const heaviest = [...byFunction].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, names).map(([n]) => n);
  return `no function matches /${pattern}/ in this window; the heaviest are: ${heaviest.join(', ')}`;
}
