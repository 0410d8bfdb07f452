// Diff (/diff): a base and a comparison — two selectors, two windows and/or two filters on sample
// labels — as a diff flame graph (red more, green less, with legend and scale) and a table sorted
// by change. State in the URL: baseQuery, baseFrom, baseTo, baseSampleLabels, query, from, to,
// sampleLabels, type, normalize.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getJson } from '../api/client.js';
import type { Deploy, DiffResponse, TypesResponse } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { DiffLegend } from '../components/diff-legend.js';
import { DiffTable } from '../components/diff-table.js';
import { ErrorBox } from '../components/error-box.js';
import { FlamePanel } from '../components/flame-panel.js';
import { SampleLabelsFilter } from '../components/sample-labels-filter.js';
import { SearchBox } from '../components/search-box.js';
import { SelectorInput } from '../components/selector-input.js';
import { TypePicker } from '../components/type-picker.js';
import type { DiffPalette } from '../flame/colors.js';
import { flattenTree } from '../flame/flat-tree.js';
import { deltaOf } from '../flame/paint.js';
import { matcherOf, searchTree } from '../flame/search.js';
import { count, formatTime, formatValue } from '../format.js';
import { navigate, urlOf } from '../router.js';
import { useTheme } from '../theme.js';
import { isoTime, resolveWindow } from '../time-window.js';

interface DiffState {
  baseQuery: string; baseFrom: string; baseTo: string; baseSampleLabels: string;
  query: string; from: string; to: string; sampleLabels: string; type: string; normalize: string;
}

function stateOf(params: URLSearchParams): DiffState {
  const g = (k: string, d: string) => params.get(k) ?? d;
  return {
    baseQuery: g('baseQuery', g('query', '')), baseFrom: g('baseFrom', 'now-2h'), baseTo: g('baseTo', 'now-1h'),
    baseSampleLabels: g('baseSampleLabels', ''), query: g('query', ''), from: g('from', 'now-1h'), to: g('to', 'now'),
    sampleLabels: g('sampleLabels', ''), type: g('type', 'cpu'), normalize: g('normalize', 'false'),
  };
}

/** The largest change of any node but the root: full colour. */
function largestChange(t: ReturnType<typeof flattenTree>): number {
  let m = 0;
  for (let i = 1; i < t.count; i++) m = Math.max(m, Math.abs(deltaOf(t, i)));
  return m;
}

export function DiffPage({ params }: { params: URLSearchParams }) {
  const state = stateOf(params);
  const [draft, setDraft] = useState(state);
  useEffect(() => setDraft(state), [params.toString()]);
  const apply = (s: DiffState, replace = false) => navigate(urlOf('/diff', { ...s }), replace);
  const [palette, setPalette] = useState<DiffPalette>('red-green');
  const [search, setSearch] = useState('');
  const [zoom, setZoom] = useState(0);
  const [deployError, setDeployError] = useState<Error | undefined>(undefined);
  const theme = useTheme();

  const key = JSON.stringify(state);
  const diff = useApi(key, (s) => getJson<DiffResponse>('diff', { ...state, normalize: state.normalize === 'true' }, s));
  const types = useApi(JSON.stringify([state.query, state.from, state.to]), (s) => getJson<TypesResponse>('types', { query: state.query, from: state.from, to: state.to }, s));
  const tree = useMemo(() => (diff.data ? flattenTree(diff.data.root) : undefined), [diff.data]);
  useEffect(() => setZoom(0), [tree]);
  const fullScale = useMemo(() => (tree ? largestChange(tree) : 0), [tree]);
  const matcher = useMemo(() => matcherOf(search), [search]);
  const searchResult = useMemo(() => (matcher && tree ? searchTree(tree, matcher) : undefined), [matcher, tree]);
  const diffStyle = useMemo(() => ({ palette, fullScale }), [palette, fullScale]);

  async function beforeLastDeploy(): Promise<void> {
    setDeployError(undefined);
    try {
      const deploys = await getJson<Deploy[]>('deploys', { query: draft.query, from: 'now-30d', to: 'now' });
      const last = deploys.reduce<Deploy | undefined>((a, d) => (a === undefined || d.timeMs > a.timeMs ? d : a), undefined);
      if (!last) { setDeployError(new Error(`no deploy of ${draft.query || 'any service'} was recorded in the last 30 days`)); return; }
      const w = resolveWindow({ from: draft.from, to: draft.to });
      const len = 'error' in w ? 3_600_000 : Math.max(60_000, w.toMs - w.fromMs);
      apply({
        ...draft, baseQuery: draft.query, baseFrom: isoTime(last.timeMs - len), baseTo: isoTime(last.timeMs),
        from: isoTime(last.timeMs), to: isoTime(Math.min(Date.now(), last.timeMs + len)),
      });
    } catch (e) {
      setDeployError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  const d = diff.data;
  const field = (k: keyof DiffState, label: string) => (
    <span class="field">
      <label for={`diff-${k}`}>{label}</label>
      <input id={`diff-${k}`} class="time" value={draft[k]} onInput={(e) => setDraft({ ...draft, [k]: e.currentTarget.value })} />
    </span>
  );
  return (
    <div class="page diff">
      <form class="diff-form" onSubmit={(e) => { e.preventDefault(); apply(draft); }}>
        <fieldset>
          <legend>Base</legend>
          <SelectorInput id="diff-baseQuery" label="selector" value={draft.baseQuery} from={draft.baseFrom} to={draft.baseTo} onInput={(v) => setDraft({ ...draft, baseQuery: v })} />
          {field('baseFrom', 'from')}{field('baseTo', 'to')}
          <SampleLabelsFilter idPrefix="diff-base" value={draft.baseSampleLabels} query={draft.baseQuery} type={draft.type} from={draft.baseFrom} to={draft.baseTo}
            onChange={(v) => apply({ ...draft, baseSampleLabels: v })} />
        </fieldset>
        <fieldset>
          <legend>Comparison</legend>
          <SelectorInput id="diff-query" label="selector" value={draft.query} from={draft.from} to={draft.to} onInput={(v) => setDraft({ ...draft, query: v })} />
          {field('from', 'from')}{field('to', 'to')}
          <SampleLabelsFilter idPrefix="diff" value={draft.sampleLabels} query={draft.query} type={draft.type} from={draft.from} to={draft.to}
            onChange={(v) => apply({ ...draft, sampleLabels: v })} />
        </fieldset>
        <div class="diff-controls">
          <TypePicker id="diff-type" value={draft.type} types={types.data} onChange={(type) => { setDraft({ ...draft, type }); apply({ ...draft, type }); }} />
          <span role="group" aria-label="values">
            <button type="button" aria-pressed={draft.normalize !== 'true'} onClick={() => apply({ ...draft, normalize: 'false' })}>absolute</button>
            <button type="button" aria-pressed={draft.normalize === 'true'} onClick={() => apply({ ...draft, normalize: 'true' })}>normalized</button>
          </span>
          <button type="submit">Compare</button>
          <button type="button" onClick={beforeLastDeploy}>Compare with before the last deploy</button>
          <label for="diff-palette">colours</label>
          <select id="diff-palette" value={palette} onChange={(e) => setPalette(e.currentTarget.value as DiffPalette)}>
            <option value="red-green">red / green</option>
            <option value="orange-blue">orange / blue (colour-blind)</option>
          </select>
        </div>
      </form>
      {deployError && <ErrorBox error={deployError} what="the last deploy" />}
      {diff.error && <ErrorBox error={diff.error} what="the diff" />}
      {diff.loading && !d && <p class="loading">Loading…</p>}
      {d && (
        <div class="summary">
          <span>Base <strong>{formatValue(d.base.total, d.unit)}</strong> in {count(d.base.profiles, 'profile')}{state.baseSampleLabels !== '' && <>, <strong>{formatValue(d.root.baseTotal, d.unit)}</strong> with its sample labels</>}</span>
          <span>Comparison <strong>{formatValue(d.current.total, d.unit)}</strong> in {count(d.current.profiles, 'profile')}{state.sampleLabels !== '' && <>, <strong>{formatValue(d.root.total, d.unit)}</strong> with its sample labels</>}</span>
          {state.normalize === 'true' && <span>base scaled ×{d.baseScale.toFixed(3)} to the comparison's total</span>}
          <span class="muted">{describeSide(state.baseFrom, state.baseTo, state.baseSampleLabels)} vs {describeSide(state.from, state.to, state.sampleLabels)}</span>
        </div>
      )}
      {d && (d.base.profiles === 0 || d.current.profiles === 0) && (
        <div class="empty-state">
          <p>The {d.base.profiles === 0 ? 'base' : 'comparison'} has no {state.type} profiles: every function shows up as {d.base.profiles === 0 ? 'new' : 'gone'}. Check its selector and window.</p>
        </div>
      )}
      {d && tree && (
        <div class="columns">
          <div class="left">
            <SearchBox value={search} onChange={setSearch} />
            <DiffTable rows={d.rows} unit={d.unit} filter={matcher} />
          </div>
          <div class="right">
            <DiffLegend fullScale={fullScale} unit={d.unit} palette={palette} theme={theme} />
            <FlamePanel tree={tree} unit={d.unit} total={d.current.total} label={`Diff flame graph of ${state.type}`} zoom={zoom} onZoom={setZoom}
              search={searchResult} diff={diffStyle} pageKeys fileName={`diff-${state.type.replace(/\W/g, '_')}.svg`} />
          </div>
        </div>
      )}
    </div>
  );
}

function describeSide(from: string, to: string, sampleLabels: string): string {
  const w = resolveWindow({ from, to });
  const window = 'error' in w ? `${from} – ${to}` : `${formatTime(w.fromMs)} – ${formatTime(w.toMs)}`;
  return sampleLabels === '' ? window : `${window} ${sampleLabels}`;
}
