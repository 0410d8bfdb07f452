// The timeline of totals per series (/series) with deploy markers (/deploys). Drag across the
// plot to pick a window; a marker opens "compare with before this deploy".
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Deploy, SeriesResponseItem } from '../api/types.js';
import { formatTime, formatValue } from '../format.js';

interface Props {
  series: SeriesResponseItem[];
  deploys: Deploy[];
  unit: string;
  fromMs: number;
  toMs: number;
  onSelect: (fromMs: number, toMs: number) => void;
  onCompareDeploy: (d: Deploy) => void;
}

const COLORS = ['#e8590c', '#1c7ed6', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d'];

function seriesName(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? 'all' : entries.map(([k, v]) => `${k}=${v === '' ? '(none)' : v}`).join(', ');
}

function describeDeploy(d: Deploy): string {
  const changed = Object.keys({ ...d.labelsBefore, ...d.labelsAfter })
    .filter((k) => d.labelsBefore[k] !== d.labelsAfter[k])
    .map((k) => `${k}: ${d.labelsBefore[k] ?? '—'} → ${d.labelsAfter[k] ?? '—'}`);
  return `${d.reason} of ${d.service} at ${formatTime(d.timeMs)}${changed.length ? ` (${changed.join(', ')})` : ''}`;
}

export function Timeline(p: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const [markers, setMarkers] = useState<{ d: Deploy; left: number }[]>([]);
  const [openDeploy, setOpenDeploy] = useState<Deploy | undefined>(undefined);
  const onSelect = useRef(p.onSelect);
  onSelect.current = p.onSelect;

  useLayoutEffect(() => {
    const el = host.current!;
    const times = [...new Set(p.series.flatMap((s) => s.points.map((pt) => pt.t)))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const data: (number | null)[][] = [times.map((t) => t / 1000)];
    for (const s of p.series.slice(0, COLORS.length)) {
      const ys: (number | null)[] = times.map(() => null);
      for (const pt of s.points) ys[index.get(pt.t)!] = pt.profiles > 0 ? pt.value : null;
      data.push(ys);
    }
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue('--muted').trim() || '#888';
    const grid = css.getPropertyValue('--border').trim() || '#ccc';
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth), height: 150,
      scales: { x: { time: true, min: p.fromMs / 1000, max: p.toMs / 1000 }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [axis, { ...axis, size: 70, values: (_u, splits) => splits.map((v) => formatValue(v, p.unit)) }],
      series: [{}, ...p.series.slice(0, COLORS.length).map((s, i) => ({
        label: seriesName(s.labels), stroke: COLORS[i], width: 1.5, spanGaps: false,
        points: { show: true, size: 7 }, value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatValue(v, p.unit)),
      }))],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { show: true },
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 3) return;
          const from = u.posToVal(u.select.left, 'x') * 1000, to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          onSelect.current(Math.round(from), Math.round(to));
        }],
      },
    };
    const u = new uPlot(opts, data as uPlot.AlignedData, el);
    plot.current = u;
    const place = () => setMarkers(p.deploys
      .filter((d) => d.timeMs >= p.fromMs && d.timeMs <= p.toMs)
      .map((d) => ({ d, left: u.valToPos(d.timeMs / 1000, 'x') + u.over.offsetLeft })));
    place();
    const observer = new ResizeObserver(() => { u.setSize({ width: Math.max(300, el.clientWidth), height: 150 }); place(); });
    observer.observe(el);
    return () => { observer.disconnect(); u.destroy(); plot.current = undefined; };
  }, [p.series, p.deploys, p.fromMs, p.toMs, p.unit]);

  useEffect(() => setOpenDeploy(undefined), [p.deploys]);

  return (
    <div class="timeline">
      <div class="timeline-plot" ref={host} aria-label="totals over time; drag to pick a window" />
      <div class="deploy-markers">
        {markers.map(({ d, left }) => (
          <button
            key={d.id} type="button" class="deploy-marker" ref={(b) => { if (b) b.style.left = `${left}px`; }}
            title={describeDeploy(d)} aria-label={`deploy: ${describeDeploy(d)}`} onClick={() => setOpenDeploy(d)}
          >▼</button>
        ))}
      </div>
      {openDeploy && (
        <div class="deploy-popover" role="dialog" aria-label="deploy">
          <p>{describeDeploy(openDeploy)}</p>
          <button type="button" onClick={() => p.onCompareDeploy(openDeploy)}>Compare with before this deploy</button>
          <button type="button" onClick={() => setOpenDeploy(undefined)}>Close</button>
        </div>
      )}
    </div>
  );
}
