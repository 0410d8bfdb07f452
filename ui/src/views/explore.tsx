// Explore (/): the timeline, the flame graph (normal, inverted or sandwich), the call graph and the
// top table of one window. State lives in the URL: query, type, from, to, agg, sampleLabels (a
// filter on sample labels), groupBy/groupByKind (the timeline's split), focus (and view, granularity).
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson } from '../api/client.js';
import type { Params } from '../api/client.js';
import type { Deploy, FlameResponse, ListResponse, SeriesResponseItem, TopResponse, TypesResponse } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox } from '../components/error-box.js';
import { FlamePanel } from '../components/flame-panel.js';
import { GraphView } from '../components/graph-view.js';
import { SampleLabelsFilter } from '../components/sample-labels-filter.js';
import { SearchBox } from '../components/search-box.js';
import { SplitPicker } from '../components/split-picker.js';
import { LineTable } from '../components/line-table.js';
import { NoData } from '../components/no-data.js';
import { QueryBar } from '../components/query-bar.js';
import { Timeline } from '../components/timeline.js';
import { TopTable } from '../components/top-table.js';
import { WindowActions } from '../components/window-actions.js';
import { flattenTree, heaviestNamed } from '../flame/flat-tree.js';
import { matcherOf, searchTree } from '../flame/search.js';
import { count, formatPercent, formatValue } from '../format.js';
import { invertedTree, sandwich } from '../profile/stack-trees.js';
import { windowStacks } from '../profile/window-stacks.js';
import { navigate, urlOf } from '../router.js';
import { isoTime, resolveWindow, stepFor } from '../time-window.js';
import { SandwichView } from './sandwich-view.js';

type View = 'flame' | 'inverted' | 'sandwich' | 'graph';

/** The sampling period as pprof reports it: CPU every 10ms (100 Hz), heap one sample per 512kB. */
function describePeriod(period: number, periodType: string): string {
  if (periodType === 'cpu') return `sampled every ${formatValue(period, 'nanoseconds')} (${Math.round(1e9 / period)} Hz)`;
  if (periodType === 'space') return `one heap sample per ${formatValue(period, 'bytes')} allocated`;
  return `sampling period ${period} (${periodType})`;
}
const NODE_LIMITS = [2048, 10_000, 50_000] as const;

export function ExplorePage({ params }: { params: URLSearchParams }) {
  const state = {
    query: params.get('query') ?? '', type: params.get('type') ?? 'cpu', from: params.get('from') ?? 'now-1h',
    to: params.get('to') ?? 'now', agg: params.get('agg') ?? '', focus: params.get('focus') ?? '',
    sampleLabels: params.get('sampleLabels') ?? '', groupBy: params.get('groupBy') ?? '', groupByKind: params.get('groupByKind') ?? '',
    view: (params.get('view') ?? 'flame') as View, granularity: params.get('granularity') === 'line' ? 'line' : 'function',
    nodes: Number(params.get('nodes') ?? 10_000),
  };
  const set = (next: Partial<Record<keyof typeof state, string | number | undefined>>, replace = false) => {
    const m: Record<string, string | number | undefined> = { ...state, ...next };
    const str = (k: string) => (m[k] === undefined ? undefined : String(m[k]));
    navigate(urlOf('/', {
      query: str('query'), type: str('type'), from: str('from'), to: str('to'), agg: str('agg'), sampleLabels: str('sampleLabels'),
      groupBy: str('groupBy'), groupByKind: str('groupBy') === '' ? undefined : str('groupByKind'), focus: str('focus'),
      view: str('view') === 'flame' ? undefined : str('view'), granularity: str('granularity') === 'line' ? 'line' : undefined,
      nodes: Number(m['nodes']) === 10_000 ? undefined : str('nodes'),
    }), replace);
  };

  const [search, setSearch] = useState('');
  const [actionError, setActionError] = useState<Error | undefined>(undefined);
  const searchInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key === '/' && !(t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) {
        e.preventDefault();
        searchInput.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const range = resolveWindow(state);
  const win: Params = { query: state.query, type: state.type, from: state.from, to: state.to, agg: state.agg, sampleLabels: state.sampleLabels };
  const key = JSON.stringify(win);
  const types = useApi(JSON.stringify([state.query, state.from, state.to]), (s) => getJson<TypesResponse>('types', { query: state.query, from: state.from, to: state.to }, s));
  // The flame graph is asked for first: the server answers one query at a time.
  const flame = useApi(`${key}${state.granularity}${state.nodes}`, (s) => getJson<FlameResponse>('flamegraph', { ...win, granularity: state.granularity, maxNodes: state.nodes }, s));
  const top = useApi(`${key}${state.granularity}`, (s) => getJson<TopResponse>('top', { ...win, granularity: state.granularity }, s));
  const split = { groupBy: state.groupBy, groupByKind: state.groupBy === '' ? '' : state.groupByKind };
  const series = useApi('error' in range ? undefined : `${key}${JSON.stringify(split)}`, (s) => {
    const w = range as { fromMs: number; toMs: number };
    return getJson<SeriesResponseItem[]>('series', { ...win, ...split, step: stepFor(w.fromMs, w.toMs) }, s);
  });
  const deploys = useApi(JSON.stringify([state.query, state.from, state.to]), (s) => getJson<Deploy[]>('deploys', { query: state.query, from: state.from, to: state.to }, s));
  const list = useApi(state.focus === '' ? undefined : `${key}${state.focus}`, (s) => getJson<ListResponse>('list', { ...win, function: state.focus.replace(/ \S+:\d+$/, '') }, s));
  const needsStacks = state.view === 'inverted' || state.view === 'sandwich';
  const stacks = useApi(needsStacks ? key : undefined, (s) => windowStacks(win, s));

  const tree = useMemo(() => (flame.data ? flattenTree(flame.data.root) : undefined), [flame.data]);
  const inverted = useMemo(() => (state.view === 'inverted' && stacks.data ? flattenTree(invertedTree(stacks.data)) : undefined), [stacks.data, state.view]);
  const matcher = useMemo(() => matcherOf(search), [search]);
  const shownTree = state.view === 'inverted' ? inverted : tree;
  const searchResult = useMemo(() => (matcher && shownTree ? searchTree(shownTree, matcher) : undefined), [matcher, shownTree]);

  const [zoom, setZoom] = useState(0);
  useEffect(() => {
    if (!shownTree) return;
    setZoom(state.focus === '' ? 0 : Math.max(0, heaviestNamed(shownTree, state.focus)));
  }, [shownTree, state.focus]);
  const onZoom = useCallback((n: number) => {
    setZoom(n);
    if (shownTree) set({ focus: n === 0 ? '' : shownTree.names[n] }, true);
  }, [shownTree, key, state.focus, state.view, state.granularity, state.nodes]);

  const unit = top.data?.unit ?? flame.data?.unit ?? '';
  const total = top.data?.total ?? flame.data?.total ?? 0;
  const empty = top.data !== undefined && top.data.profiles === 0;
  const period = types.data?.present.find((t) => t.type === state.type);

  return (
    <div class="page explore">
      <QueryBar
        idPrefix="explore" query={state.query} type={state.type} agg={state.agg} window={{ from: state.from, to: state.to }} types={types.data}
        onChange={(c) => set({ ...c, focus: c.query !== undefined || c.type !== undefined ? '' : state.focus })}
      />
      <div class="filter-row">
        <SampleLabelsFilter value={state.sampleLabels} query={state.query} type={state.type} from={state.from} to={state.to}
          onChange={(sampleLabels) => set({ sampleLabels })} />
        <SplitPicker query={state.query} type={state.type} from={state.from} to={state.to} value={state.groupBy} kind={state.groupByKind}
          onChange={(groupBy, groupByKind) => set({ groupBy, groupByKind })} />
      </div>
      {'error' in range && <ErrorBox error={new Error(range.error)} what="the window" />}
      {series.error && <ErrorBox error={series.error} what="the timeline" />}
      {series.data && !('error' in range) && (
        <Timeline
          series={series.data} deploys={deploys.data ?? []} unit={unit} fromMs={range.fromMs} toMs={range.toMs}
          onSelect={(f, t) => set({ from: isoTime(f), to: isoTime(t) })}
          onCompareDeploy={(d) => {
            const len = range.toMs - range.fromMs;
            navigate(urlOf('/diff', {
              baseQuery: state.query, baseFrom: isoTime(d.timeMs - len), baseTo: isoTime(d.timeMs),
              query: state.query, from: isoTime(d.timeMs), to: isoTime(Math.min(Date.now(), d.timeMs + len)), type: state.type,
              baseSampleLabels: state.sampleLabels, sampleLabels: state.sampleLabels,
            }));
          }}
        />
      )}
      {top.error && <ErrorBox error={top.error} what="the top table" />}
      {flame.error && <ErrorBox error={flame.error} what="the flame graph" />}
      {actionError && <ErrorBox error={actionError} what="the profile" />}
      {empty && <NoData query={state.query} type={state.type} linkFor={(from, to) => urlOf('/', { query: state.query, type: state.type, from, to })} />}
      {!empty && top.data && (
        <div class="summary">
          <span>Total <strong>{formatValue(total, unit)}</strong> in {count(top.data.profiles, 'profile')}</span>
          {state.sampleLabels !== '' && flame.data && (
            <span>of which <strong>{formatValue(flame.data.root.total, unit)}</strong> ({formatPercent(total === 0 ? 0 : (100 * flame.data.root.total) / total)}) in samples with <code>{state.sampleLabels}</code></span>
          )}
          {period && period.period > 0 && <span>{describePeriod(period.period, period.periodType)}</span>}
          {!('error' in range) && <WindowActions params={win} fromMs={range.fromMs} toMs={range.toMs} type={state.type} onError={setActionError} />}
        </div>
      )}
      {!empty && (top.data || flame.data) && (
        <div class="columns">
          <div class="left">
            <SearchBox value={search} onChange={setSearch} inputRef={searchInput} />
            {top.data && (
              <TopTable rows={top.data.rows} unit={unit} total={total} filter={matcher} focus={state.focus}
                caption={`Top ${state.granularity === 'line' ? 'lines' : 'functions'} (exact, from /top: never from the trimmed tree)`}
                onFocus={(name) => set({ focus: name, view: state.view === 'inverted' ? 'flame' : state.view })} />
            )}
            {list.error && <ErrorBox error={list.error} what="the line table" />}
            {list.data && <LineTable list={list.data} />}
          </div>
          <div class="right">
            <div class="tabs" role="tablist" aria-label="view">
              {([['flame', 'Flame graph', 'callers above, callees below'], ['inverted', 'Inverted', 'bottom-up: leaf functions on top'],
                ['sandwich', 'Sandwich', 'callers and callees of one function'], ['graph', 'Call graph', 'as go tool pprof -dot draws it']] as const).map(([v, label, title]) => (
                <button key={v} type="button" role="tab" title={title} aria-selected={state.view === v} onClick={() => set({ view: v })}>{label}</button>
              ))}
              <span class="spacer" />
              <span role="group" aria-label="granularity">
                <button type="button" aria-pressed={state.granularity === 'function'} onClick={() => set({ granularity: 'function', focus: '' })}>functions</button>
                <button type="button" aria-pressed={state.granularity === 'line'} onClick={() => set({ granularity: 'line', focus: '' })}>lines</button>
              </span>
              <label for="node-limit">nodes</label>
              <select id="node-limit" value={String(state.nodes)} onChange={(e) => set({ nodes: e.currentTarget.value })}>
                {NODE_LIMITS.map((n) => <option key={n} value={String(n)}>{n.toLocaleString('en')}</option>)}
              </select>
            </div>
            {needsStacks && stacks.error && <ErrorBox error={stacks.error} what="the window's profile" />}
            {needsStacks && stacks.loading && <p class="loading">Loading the window's profile…</p>}
            {state.view === 'graph' && <GraphView params={{ ...win, granularity: state.granularity }} type={state.type} />}
            {state.view === 'flame' && tree && flame.data && (
              <FlamePanel tree={tree} unit={unit} total={total} label={`Flame graph of ${state.type}`} zoom={zoom} onZoom={onZoom}
                search={searchResult} pageKeys maxNodes={state.nodes} fileName={`flamegraph-${state.type.replace(/\W/g, '_')}.svg`} />
            )}
            {state.view === 'inverted' && inverted && (
              <FlamePanel tree={inverted} unit={unit} total={total} label={`Inverted flame graph of ${state.type}: leaf functions at the top, callers below`}
                zoom={zoom} onZoom={onZoom} search={searchResult} pageKeys fileName={`inverted-${state.type.replace(/\W/g, '_')}.svg`} />
            )}
            {state.view === 'sandwich' && stacks.data && (
              state.focus === ''
                ? <p class="hint">Pick a function (a row of the table, or a frame of the flame graph) to see its callers above it and its callees below.</p>
                : <SandwichView sandwich={sandwich(stacks.data, state.focus)} name={state.focus} unit={unit} total={total} onPick={(name) => set({ focus: name })} />
            )}
          </div>
        </div>
      )}
      {(top.loading || flame.loading) && !top.data && <p class="loading">Loading…</p>}
    </div>
  );
}
