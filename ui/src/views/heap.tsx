// Heap (/heap): the sampling rate (MemProfileRate, the heap profile's period) and, per target,
// the MemStats picture of where Sys goes, beside the heap profile's top functions.
import { getJson } from '../api/client.js';
import type { MemStatsReading, TopResponse, TypesResponse } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ErrorBox } from '../components/error-box.js';
import { MemStatsPicture } from '../components/memstats-picture.js';
import { QueryBar } from '../components/query-bar.js';
import { formatPercent, formatValue } from '../format.js';
import { followLink, navigate, urlOf } from '../router.js';

const HEAP_TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const;

function selectorOf(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function latestPerTarget(readings: MemStatsReading[]): MemStatsReading[] {
  const byTarget = new Map<string, MemStatsReading>();
  for (const r of readings) {
    const prev = byTarget.get(r.targetId);
    if (!prev || r.timeMs > prev.timeMs) byTarget.set(r.targetId, r);
  }
  return [...byTarget.values()].slice(0, 6);
}

function TargetPicture({ reading, from, to }: { reading: MemStatsReading; from: string; to: string }) {
  const top = useApi(JSON.stringify([reading.labels, from, to]), (s) => getJson<TopResponse>('top', { query: selectorOf(reading.labels), type: 'inuse_space', from, to, limit: 1 }, s));
  if (top.loading) return <p class="loading">Loading…</p>;
  return <MemStatsPicture reading={reading} profileBytes={top.data && top.data.profiles > 0 ? top.data.total : undefined} />;
}

export function HeapPage({ params }: { params: URLSearchParams }) {
  const state = { query: params.get('query') ?? '', type: params.get('type') ?? 'inuse_space', from: params.get('from') ?? 'now-1h', to: params.get('to') ?? 'now' };
  const set = (c: Partial<typeof state>) => navigate(urlOf('/heap', { ...state, ...c }));
  const win = { query: state.query, from: state.from, to: state.to };
  const types = useApi(JSON.stringify(win), (s) => getJson<TypesResponse>('types', win, s));
  const mem = useApi(JSON.stringify(win), (s) => getJson<MemStatsReading[]>('memstats', win, s));
  const top = useApi(JSON.stringify([win, state.type]), (s) => getJson<TopResponse>('top', { ...win, type: state.type, limit: 15 }, s));
  const heap = types.data?.present.find((t) => t.type === state.type) ?? types.data?.present.find((t) => HEAP_TYPES.includes(t.type as typeof HEAP_TYPES[number]));
  const readings = mem.data ? latestPerTarget(mem.data) : [];
  return (
    <div class="page heap">
      <QueryBar idPrefix="heap" query={state.query} type={state.type} window={{ from: state.from, to: state.to }} types={types.data} onlyTypes={HEAP_TYPES} onChange={(c) => set(c)} />
      <section class="sampling">
        <h2>Sampling</h2>
        {heap && heap.period > 0 ? (
          <p>
            The heap profile samples about one allocation per <strong>{formatValue(heap.period, 'bytes')}</strong> allocated
            (<code>runtime.MemProfileRate</code> = {heap.period.toLocaleString('en')}); its values are scaled up from those samples, so small, rare allocations may be missed.
          </p>
        ) : <p>No heap profile in this window, so the sampling rate is not known.</p>}
      </section>
      <section>
        <h2>Where the memory goes</h2>
        {mem.error && <ErrorBox error={mem.error} what="the MemStats readings" />}
        {mem.data && readings.length === 0 && (
          <p class="empty-state">No MemStats readings in this window. The collector records them with every heap scrape of a target (from <code>/debug/pprof/heap?debug=1</code>); profiles pushed with <code>/api/v1/ingest</code> carry none. <a href="/targets" onClick={followLink}>Targets</a></p>
        )}
        {readings.map((r) => <TargetPicture key={r.targetId} reading={r} from={state.from} to={state.to} />)}
      </section>
      <section>
        <h2>Top of {state.type}</h2>
        {top.error && <ErrorBox error={top.error} what="the heap profile" />}
        {top.data && top.data.profiles === 0 && <p>No {state.type} profiles in this window.</p>}
        {top.data && top.data.profiles > 0 && (
          <>
            <ol class="heap-top">
              {top.data.rows.filter((r) => r.flat !== 0).map((r) => <li key={r.name}><span class="num">{formatValue(r.flat, top.data!.unit)} ({formatPercent(r.flatPct)})</span> {r.name}</li>)}
            </ol>
            <p><a href={urlOf('/', { query: state.query, type: state.type, from: state.from, to: state.to })} onClick={followLink}>Explore {state.type} in the flame graph</a></p>
          </>
        )}
      </section>
    </div>
  );
}
