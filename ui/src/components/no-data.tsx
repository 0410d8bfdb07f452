// The empty state of a window: say there is nothing, and offer the last window that has data
// (from /types over the last 30 days), or teach how to get data in.
import type { TypesResponse } from '../api/types.js';
import { formatTime } from '../format.js';
import { followLink } from '../router.js';
import { isoTime } from '../time-window.js';
import { useApi } from '../api/use-api.js';
import { getJson } from '../api/client.js';

interface Props {
  query: string;
  type: string;
  /** Builds the link for a window. */
  linkFor: (from: string, to: string) => string;
}

export function NoData({ query, type, linkFor }: Props) {
  const wide = useApi(`${query}|${type}`, (signal) => getJson<TypesResponse>('types', { query, from: 'now-30d', to: 'now' }, signal));
  const present = wide.data?.present ?? [];
  const same = present.find((t) => t.type === type);
  return (
    <div class="empty-state">
      <h2>No {type} profiles in this window</h2>
      <p>Nothing matching <code>{query || '{}'}</code> was stored between these times.</p>
      {same && (
        <p>
          The last {type} profile is from {formatTime(same.lastMs)}:{' '}
          <a href={linkFor(isoTime(same.lastMs - 3_600_000), isoTime(same.lastMs + 1000))} onClick={followLink}>show the hour up to it</a>.
        </p>
      )}
      {!same && present.length > 0 && (
        <p>The last 30 days hold other types: {present.map((t) => t.type).join(', ')}. Pick one above.</p>
      )}
      {!wide.loading && present.length === 0 && (
        <div>
          <p>Nothing is stored for this selector in the last 30 days. To get profiles in:</p>
          <ul>
            <li><a href="/targets" onClick={followLink}>add a scrape target</a> (a Go service serving <code>net/http/pprof</code>);</li>
            <li>push a file: <code>curl -X POST 'http://HOST:9740/api/v1/ingest?service=api' -H 'content-type: application/octet-stream' --data-binary @cpu.pb.gz</code>;</li>
            <li>or <a href="/local" onClick={followLink}>open local pprof files</a> without uploading them.</li>
          </ul>
        </div>
      )}
    </div>
  );
}
