import type { ScrapeProfile, Target } from '../config/target.js';

/** What one scrape fetches: a pprof endpoint, or the MemStats text of the heap endpoint. */
export type Endpoint = ScrapeProfile | 'memstats';

/**
 * The URL of an endpoint of a target: `${url}${pathPrefix}/profile?seconds=N`, `/heap`,
 * `/heap?debug=1`, … plus the target's `params` (the endpoint's own `seconds` and `debug` win).
 */
export function endpointUrl(target: Pick<Target, 'url' | 'pathPrefix' | 'cpuSeconds' | 'params'>, endpoint: Endpoint): string {
  const base = `${target.url}${target.pathPrefix}`;
  const path = endpoint === 'cpu' ? `${base}/profile` : endpoint === 'memstats' ? `${base}/heap` : `${base}/${endpoint}`;
  const query = new URLSearchParams();
  for (const [name, values] of Object.entries(target.params ?? {})) for (const v of values) query.append(name, v);
  if (endpoint === 'cpu') query.set('seconds', String(target.cpuSeconds));
  if (endpoint === 'memstats') query.set('debug', '1');
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
