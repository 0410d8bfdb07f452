// Targets (/targets): health, last scrape, last error; add, edit and remove targets registered
// through the API (the token is asked for when the server needs one); targets of the scrape
// config file are shown read-only.
import { useState } from 'preact/hooks';
import { getJson, sendJson } from '../api/client.js';
import type { TargetBody, TargetView } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox } from '../components/error-box.js';
import { formatAgo, formatTime } from '../format.js';

const PROFILES = ['cpu', 'heap', 'goroutine', 'block', 'mutex', 'allocs'] as const;

interface Draft { service: string; url: string; pathPrefix: string; labels: string; interval: string; profiles: string[] }

const emptyDraft: Draft = { service: '', url: '', pathPrefix: '/debug/pprof', labels: '', interval: '15s', profiles: ['cpu', 'heap'] };

function draftOf(t: TargetView): Draft {
  return {
    service: t.service, url: t.url, pathPrefix: t.pathPrefix, interval: t.interval, profiles: [...t.profiles],
    labels: Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(', '),
  };
}

function bodyOf(d: Draft): TargetBody {
  const labels: Record<string, string> = {};
  for (const part of d.labels.split(',')) {
    const eq = part.indexOf('=');
    if (part.trim() !== '' && eq > 0) labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { service: d.service.trim(), url: d.url.trim(), pathPrefix: d.pathPrefix.trim() || '/debug/pprof', labels, interval: d.interval.trim() || '15s', profiles: d.profiles };
}

function TargetForm({ initial, submitLabel, onSubmit, onCancel }: { initial: Draft; submitLabel: string; onSubmit: (d: Draft) => Promise<void>; onCancel?: () => void }) {
  const [d, setD] = useState(initial);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const id = submitLabel.replace(/\W+/g, '-').toLowerCase();
  const text = (k: 'service' | 'url' | 'pathPrefix' | 'labels' | 'interval', label: string, placeholder: string) => (
    <span class="field">
      <label for={`${id}-${k}`}>{label}</label>
      <input id={`${id}-${k}`} value={d[k]} placeholder={placeholder} onInput={(e) => setD({ ...d, [k]: e.currentTarget.value })} />
    </span>
  );
  return (
    <form class="target-form" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(undefined);
      try { await onSubmit(d); } catch (err) { setError(err instanceof Error ? err : new Error(String(err))); } finally { setBusy(false); }
    }}>
      {text('service', 'service', 'api')}{text('url', 'URL', 'http://10.0.0.5:6060')}{text('pathPrefix', 'path prefix', '/debug/pprof')}
      {text('labels', 'labels', 'env=prod, version=v1')}{text('interval', 'interval', '15s')}
      <fieldset class="profiles">
        <legend>profiles</legend>
        {PROFILES.map((p) => (
          <label key={p}>
            <input type="checkbox" checked={d.profiles.includes(p)}
              onChange={(e) => setD({ ...d, profiles: e.currentTarget.checked ? [...d.profiles, p] : d.profiles.filter((x) => x !== p) })} />
            {p}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>{submitLabel}</button>
      {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      {error && <ErrorBox error={error} what="the target" />}
    </form>
  );
}

function HowToAdd() {
  return (
    <div class="empty-state">
      <h2>No targets yet</h2>
      <p>flamewatch scrapes Go services that serve <code>net/http/pprof</code> (<code>import _ "net/http/pprof"</code>). Add one with the form above, or:</p>
      <p>in a scrape config file (<code>flamewatch serve --config scrape.yaml</code>):</p>
      <pre>{`scrape_configs:
  - job_name: api
    scrape_interval: 15s
    profiles: [cpu, heap]
    static_configs:
      - targets: ['10.0.0.5:6060']
        labels: { env: prod, version: v1 }`}</pre>
      <p>or with the API:</p>
      <pre>{`curl -X POST http://HOST:9740/api/v1/targets -H 'content-type: application/json' \\
  -d '{"service":"api","url":"http://10.0.0.5:6060","labels":{"env":"prod"},"profiles":["cpu","heap"]}'`}</pre>
    </div>
  );
}

export function TargetsPage() {
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [rowError, setRowError] = useState<Error | undefined>(undefined);
  const targets = useApi(String(version), (s) => getJson<TargetView[]>('targets', {}, s));
  const reload = () => setVersion((v) => v + 1);
  const list = targets.data ?? [];
  return (
    <div class="page targets">
      <h1>Targets</h1>
      <details class="add-target" open={list.length === 0 && !targets.loading}>
        <summary>Add a target</summary>
        <TargetForm initial={emptyDraft} submitLabel="Add target" onSubmit={async (d) => { await sendJson('POST', 'targets', bodyOf(d)); reload(); }} />
      </details>
      {targets.error && <ErrorBox error={targets.error} what="the targets" />}
      {rowError && <ErrorBox error={rowError} what="the change" />}
      {targets.data && list.length === 0 && <HowToAdd />}
      {list.length > 0 && (
        <table class="targets-table">
          <caption>{list.length} targets; health from the collector</caption>
          <thead>
            <tr><th scope="col">service</th><th scope="col">URL</th><th scope="col">labels</th><th scope="col">every</th><th scope="col">profiles</th>
              <th scope="col">health</th><th scope="col">last scrape</th><th scope="col">last error</th><th scope="col"><span class="sr-only">actions</span></th></tr>
          </thead>
          <tbody>
            {list.map((t) => [
              <tr key={t.id}>
                <td>{t.service}</td><td class="name">{t.url}{t.pathPrefix === '/debug/pprof' ? '' : t.pathPrefix}</td>
                <td>{Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</td><td>{t.interval}</td><td>{t.profiles.join(', ')}</td>
                <td><span class={`health ${t.health.state}`}>{t.health.state}</span>{t.health.consecutiveFailures > 1 ? ` (${t.health.consecutiveFailures} failures)` : ''}</td>
                <td>{t.health.lastScrapeAt === null ? 'never' : <span title={formatTime(t.health.lastScrapeAt)}>{formatAgo(t.health.lastScrapeAt)}</span>}</td>
                <td class="last-error">{t.health.lastError ?? ''}</td>
                <td class="actions">
                  {t.source === 'config' ? <span class="muted" title="change it in the scrape config file and send SIGHUP">config file (read-only)</span> : (
                    <>
                      <button type="button" onClick={() => setEditing(editing === t.id ? undefined : t.id)} aria-label={`Edit ${t.service} ${t.url}`}>Edit</button>
                      <button type="button" aria-label={`Remove ${t.service} ${t.url}`} onClick={async () => {
                        if (!confirm(`Remove the target ${t.service} at ${t.url}? Its stored profiles stay.`)) return;
                        setRowError(undefined);
                        try { await sendJson('DELETE', `targets/${encodeURIComponent(t.id)}`); reload(); } catch (e) { setRowError(e instanceof Error ? e : new Error(String(e))); }
                      }}>Remove</button>
                    </>
                  )}
                </td>
              </tr>,
              editing === t.id && (
                <tr key={`${t.id}-edit`}><td colSpan={9}>
                  <TargetForm initial={draftOf(t)} submitLabel={`Save ${t.service}`} onCancel={() => setEditing(undefined)}
                    onSubmit={async (d) => { await sendJson('PATCH', `targets/${encodeURIComponent(t.id)}`, bodyOf(d)); setEditing(undefined); reload(); }} />
                </td></tr>
              ),
            ])}
          </tbody>
        </table>
      )}
      <p><button type="button" onClick={reload}>Refresh</button></p>
    </div>
  );
}
