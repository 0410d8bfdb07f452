import type { ScrapeProfile, Target } from '../config/target.js';

/** What one scrape fetches: a pprof endpoint, or the MemStats text of the heap endpoint. */
export type Endpoint = ScrapeProfile | 'memstats';

/** The URL of an endpoint of a target: `${url}${pathPrefix}/profile?seconds=N`, `/heap`, `/heap?debug=1`, … */
export function endpointUrl(target: Pick<Target, 'url' | 'pathPrefix' | 'cpuSeconds'>, endpoint: Endpoint): string {
  const base = `${target.url}${target.pathPrefix}`;
  switch (endpoint) {
    case 'cpu': return `${base}/profile?seconds=${target.cpuSeconds}`;
    case 'memstats': return `${base}/heap?debug=1`;
    default: return `${base}/${endpoint}`;
  }
}
