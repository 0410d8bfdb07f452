// The call graph of a window as `go tool pprof -dot` draws it: the server renders it to SVG with
// Graphviz's dot. Without dot the server answers 501 naming the package; the DOT text can still
// be downloaded and rendered elsewhere.
import { useEffect, useState } from 'preact/hooks';
import type { Params } from '../api/client.js';
import { ApiError, apiFetch, apiUrl } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { download } from '../flame/export-svg.js';
import { ErrorBox } from './error-box.js';

interface Props {
  params: Params;
  type: string;
}

export function GraphView({ params, type }: Props) {
  const [fit, setFit] = useState(true);
  const [url, setUrl] = useState<string | undefined>(undefined);
  const [dotError, setDotError] = useState<Error | undefined>(undefined);
  const svg = useApi(JSON.stringify(params), async (signal) => (await apiFetch(apiUrl('graph', { ...params, format: 'svg' }), {}, signal)).text());
  useEffect(() => {
    if (svg.data === undefined) { setUrl(undefined); return; }
    const u = URL.createObjectURL(new Blob([svg.data], { type: 'image/svg+xml' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [svg.data]);
  const file = `graph-${type.replace(/\W/g, '_')}`;

  async function downloadDot(): Promise<void> {
    try {
      const res = await apiFetch(apiUrl('graph', { ...params, format: 'dot' }));
      download(`${file}.dot`, 'text/vnd.graphviz', await res.arrayBuffer());
    } catch (e) {
      setDotError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  if (svg.error instanceof ApiError && svg.error.code === 'FW_GRAPHVIZ_MISSING') {
    return (
      <div class="empty-state graph-missing" role="status">
        <p><strong>This server cannot draw call graphs:</strong> {svg.error.message}</p>
        <p>The graph itself is there: download its DOT source and render it with <code>dot -Tsvg</code>, or install <code>graphviz</code> on the server.</p>
        <button type="button" onClick={() => { void downloadDot(); }}>Download DOT</button>
        {dotError && <ErrorBox error={dotError} what="the DOT source" />}
      </div>
    );
  }
  return (
    <div class="graph-view">
      <div class="flame-toolbar">
        <span class="muted">Call graph as <code>go tool pprof -dot</code> draws it: 80 nodes at most, nodes under 0.5 % and edges under 0.1 % dropped.</span>
        <span class="spacer" />
        <button type="button" aria-pressed={fit} onClick={() => setFit(!fit)}>Fit width</button>
        <button type="button" disabled={svg.data === undefined} onClick={() => download(`${file}.svg`, 'image/svg+xml', svg.data!)}>Download SVG</button>
        <button type="button" onClick={() => { void downloadDot(); }}>Download DOT</button>
      </div>
      {dotError && <ErrorBox error={dotError} what="the DOT source" />}
      {svg.error && <ErrorBox error={svg.error} what="the call graph" />}
      {svg.loading && <p class="loading">Drawing the call graph…</p>}
      {url && <div class={fit ? 'graph fit' : 'graph'}><img src={url} alt={`call graph of ${type}`} /></div>}
    </div>
  );
}
