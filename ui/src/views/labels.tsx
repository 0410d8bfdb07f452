// Labels (/labels): the label explorer. Pick a sample label (handler, tenant, bytes…) and see per
// value its share of the label's total (/tags, as go tool pprof -tags) and a small timeline
// (/series?groupBy=…); include or exclude a value on Explore with one click, or pick two values
// and open their diff. State in the URL: query, type, from, to, label.
import { useMemo, useState } from 'preact/hooks';
import { getJson } from '../api/client.js';
import type { SeriesResponseItem, TagsResponse, TypesResponse } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox } from '../components/error-box.js';
import { NoData } from '../components/no-data.js';
import { QueryBar } from '../components/query-bar.js';
import { Sparkline } from '../components/sparkline.js';
import { formatPercent, formatValue } from '../format.js';
import { followLink, navigate, urlOf } from '../router.js';
import { resolveWindow, stepFor } from '../time-window.js';

/** A sample label selector of one value: `{handler="checkout"}`, or `!=` to exclude it. */
function matcher(label: string, value: string, op: '=' | '!=' = '='): string {
  return `{${label}${op}"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"}`;
}

/** Labels a selector can name (letters, digits, _); others are shown but not filtered on. */
const SELECTABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Numeric values a selector matches exactly: a whole number in its unit (`16kB`), as pprof reads a tag range. */
const EXACT_NUMBER = /^\d+[A-Za-z]*$/;

interface Row {
  value: string;
  total: number;
  pct: number | undefined;
  points: { t: number; value: number }[];
}

export function LabelsPage({ params }: { params: URLSearchParams }) {
  const state = {
    query: params.get('query') ?? '', type: params.get('type') ?? 'cpu', from: params.get('from') ?? 'now-1h',
    to: params.get('to') ?? 'now', label: params.get('label') ?? '',
  };
  const set = (next: Partial<typeof state>) => navigate(urlOf('/labels', { ...state, ...next }));
  const [picked, setPicked] = useState<string[]>([]);
  const scope = { query: state.query, type: state.type, from: state.from, to: state.to };
  const scopeKey = JSON.stringify(scope);
  const range = resolveWindow(state);

  const types = useApi(JSON.stringify([state.query, state.from, state.to]), (s) => getJson<TypesResponse>('types', { query: state.query, from: state.from, to: state.to }, s));
  const names = useApi(scopeKey, (s) => getJson<string[]>('labels', { ...scope, kind: 'sample' }, s));
  const label = state.label !== '' ? state.label : names.data?.[0] ?? '';
  const tags = useApi(scopeKey, (s) => getJson<TagsResponse>('tags', scope, s));
  const series = useApi(label === '' || 'error' in range ? undefined : `${scopeKey}${label}`, (s) => getJson<SeriesResponseItem[]>('series', {
    ...scope, groupBy: label, groupByKind: 'sample', step: stepFor((range as { fromMs: number }).fromMs, (range as { toMs: number }).toMs),
  }, s));

  const key = tags.data?.keys.find((k) => k.key === label);
  const rows = useMemo<Row[]>(() => {
    const lines = new Map((series.data ?? []).map((s) => [s.labels[label] ?? '', s.points.filter((p) => p.profiles > 0)]));
    const out: Row[] = (key?.values ?? []).map((v) => ({ value: v.value, total: v.total, pct: v.pct, points: lines.get(v.value) ?? [] }));
    const none = lines.get('');
    if (none !== undefined && none.length > 0) out.push({ value: '', total: NaN, pct: undefined, points: none });
    return out;
  }, [series.data, key, label]);
  const peak = Math.max(0, ...rows.flatMap((r) => r.points.map((p) => p.value)));
  const unit = tags.data?.unit ?? '';
  const selectable = SELECTABLE.test(label);
  const win = 'error' in range ? undefined : range;

  const explore = (sampleLabels: string) => urlOf('/', { ...scope, sampleLabels });
  const togglePick = (value: string) => setPicked((p) => (p.includes(value) ? p.filter((v) => v !== value) : [...p.slice(-1), value]));
  const diffUrl = picked.length === 2 ? urlOf('/diff', {
    baseQuery: state.query, baseFrom: state.from, baseTo: state.to, baseSampleLabels: matcher(label, picked[0]!),
    query: state.query, from: state.from, to: state.to, sampleLabels: matcher(label, picked[1]!), type: state.type,
  }) : undefined;
  const empty = tags.data !== undefined && tags.data.profiles === 0;

  return (
    <div class="page labels">
      <QueryBar idPrefix="labels" query={state.query} type={state.type} window={{ from: state.from, to: state.to }} types={types.data}
        onChange={(c) => { setPicked([]); set(c); }} />
      {'error' in range && <ErrorBox error={new Error(range.error)} what="the window" />}
      {names.error && <ErrorBox error={names.error} what="the sample labels" />}
      {tags.error && <ErrorBox error={tags.error} what="the label shares" />}
      {series.error && <ErrorBox error={series.error} what="the timelines" />}
      {empty && <NoData query={state.query} type={state.type} linkFor={(from, to) => urlOf('/labels', { ...state, from, to })} />}
      {!empty && names.data && names.data.length === 0 && (
        <div class="empty-state"><p>No sample labels in this window's {state.type} profiles. Go services add them with <code>pprof.Do(ctx, pprof.Labels("handler", "checkout"), …)</code>; heap profiles carry the numeric <code>bytes</code> label.</p></div>
      )}
      {names.data && names.data.length > 0 && (
        <div class="label-picker" role="group" aria-label="sample label">
          <span class="muted">sample label</span>
          {names.data.map((n) => (
            <button key={n} type="button" aria-pressed={n === label} onClick={() => { setPicked([]); set({ label: n }); }}>{n}</button>
          ))}
        </div>
      )}
      {label !== '' && key && (
        <section class="label-values" aria-label={`values of ${label}`}>
          <div class="summary">
            <span><strong>{label}</strong>: {formatValue(key.total, unit)} in all, {key.values.length} value{key.values.length === 1 ? '' : 's'}</span>
            <span class="muted">shares as <code>go tool pprof -tags</code> prints them; timelines on one scale (peak {formatValue(peak, unit)})</span>
            <span class="spacer" />
            {diffUrl
              ? <a class="button" href={diffUrl} onClick={followLink}>Diff {picked[0]} → {picked[1]}</a>
              : <span class="muted">pick two values to diff them</span>}
          </div>
          <table class="label-table">
            <thead>
              <tr><th>compare</th><th>value</th><th class="num">share</th><th class="num">total</th><th>over time</th><th>on Explore</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const name = r.value === '' ? `(no ${label} label)` : r.value;
                const exact = selectable && (r.value === '' || !/^\d/.test(r.value) || EXACT_NUMBER.test(r.value));
                return (
                  <tr key={r.value}>
                    <td><input type="checkbox" aria-label={`compare ${name}`} checked={picked.includes(r.value)} disabled={!selectable} onChange={() => togglePick(r.value)} /></td>
                    <td class="name">{name}</td>
                    <td class="num">{r.pct === undefined ? '' : (
                      <span class="share"><span class="share-bar" ref={(el) => { if (el) el.style.width = `${Math.min(100, r.pct!)}%`; }} />{formatPercent(r.pct)}</span>
                    )}</td>
                    <td class="num">{Number.isNaN(r.total) ? '' : formatValue(r.total, unit)}</td>
                    <td>{win && <Sparkline points={r.points} fromMs={win.fromMs} toMs={win.toMs} peak={peak} label={`${name} over time`} />}</td>
                    <td class="label-actions">
                      {exact ? (
                        <>
                          <a href={explore(matcher(label, r.value))} onClick={followLink} aria-label={`include only ${name}`}>include</a>
                          <a href={explore(matcher(label, r.value, '!='))} onClick={followLink} aria-label={`exclude ${name}`}>exclude</a>
                        </>
                      ) : <span class="muted" title="filter it with a tagfocus range, e.g. bytes=4kb:8kb">—</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      {(names.loading || tags.loading) && !key && <p class="loading">Loading…</p>}
    </div>
  );
}
