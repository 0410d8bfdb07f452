// The canvas flame graph: click a box to zoom into it, hover for self / total / share, keyboard
// to move between frames (arrows), zoom (Enter), go up (Backspace) and reset (Esc). Narrow boxes
// are merged into grey blocks and the caption says how many nodes that hides.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatPercent, formatValue } from '../format.js';
import { useTheme } from '../theme.js';
import type { DiffPalette } from './colors.js';
import { drawPlan } from './draw-canvas.js';
import { planToSvg } from './export-svg.js';
import type { FlatTree } from './flat-tree.js';
import { ROW_HEIGHT, deltaOf, painterOf, rowTop } from './paint.js';
import type { Box, Plan } from './plan.js';
import { boxAt, planBoxes } from './plan.js';
import type { SearchResult } from './search.js';

export interface FlameGraphProps {
  tree: FlatTree;
  unit: string;
  /** Percentages are of this total (the window's total, as pprof does). */
  total: number;
  label: string;
  zoom: number;
  onZoom: (node: number) => void;
  /** Grows up from the bottom (callers of a sandwich) instead of down from the top. */
  up?: boolean;
  search?: SearchResult;
  diff?: { palette: DiffPalette; fullScale: number };
  /** Esc and Backspace work anywhere on the page (not only when the graph has the focus). */
  pageKeys?: boolean;
  /** Receives a function that renders the graph as drawn to SVG. */
  exportSvg?: (render: () => string) => void;
  /** Called with each new plan (what is drawn, what is merged). */
  onPlan?: (plan: Plan) => void;
}

const pct = (v: number, total: number) => formatPercent(total === 0 ? 0 : (100 * v) / total);

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return el !== null && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** One line per fact about a box, for the tooltip and the keyboard announcement. */
function describeBox(t: FlatTree, b: Box, unit: string, total: number): string[] {
  if (b.kind === 'merged') {
    const members = [...b.members!].sort((x, y) => t.width[y]! - t.width[x]!);
    const sum = members.reduce((s, m) => s + t.total[m]!, 0);
    const hidden = members.reduce((s, m) => s + t.subtree[m]!, 0);
    const lines = [`${members.length} narrow nodes merged (${hidden} with their callees)`, `total ${formatValue(sum, unit)} (${pct(sum, total)})`, 'biggest:'];
    for (const m of members.slice(0, 5)) lines.push(`  ${t.names[m]} ${formatValue(t.total[m]!, unit)} (${pct(t.total[m]!, total)})`);
    if (members.length > 5) lines.push(`  … and ${members.length - 5} more`);
    return lines;
  }
  const n = b.node;
  const lines = [t.names[n]!];
  if (t.baseTotal) {
    const base = t.baseTotal[n]!, d = deltaOf(t, n);
    lines.push(`comparison ${formatValue(t.total[n]!, unit)} (${pct(t.total[n]!, total)})`);
    lines.push(`base ${formatValue(base, unit)}${base === 0 && n !== 0 ? ' — new: not in the base' : ''}`);
    lines.push(`change ${d > 0 ? '+' : d < 0 ? '−' : ''}${formatValue(Math.abs(d), unit)}`);
    lines.push(`self ${formatValue(t.self[n]!, unit)} (base ${formatValue(t.baseSelf![n]!, unit)})`);
  } else {
    lines.push(`total ${formatValue(t.total[n]!, unit)} (${pct(t.total[n]!, total)})`);
    lines.push(`self ${formatValue(t.self[n]!, unit)} (${pct(t.self[n]!, total)})`);
  }
  if (t.names[n] === '(other)' && t.childCount[n] === 0) lines.push('siblings the server summed to keep the node limit');
  return lines;
}

export function FlameGraph(p: FlameGraphProps) {
  const theme = useTheme();
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [selected, setSelected] = useState<Box | undefined>(undefined);
  const hovered = useRef<Box | undefined>(undefined);

  useLayoutEffect(() => {
    const el = wrap.current!;
    const observer = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    observer.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => observer.disconnect();
  }, []);

  const zoom = p.zoom < p.tree.count ? p.zoom : 0;
  const planStart = useRef(0);
  const plan = useMemo(() => {
    planStart.current = performance.now();
    return width > 0 ? planBoxes(p.tree, zoom, width) : undefined;
  }, [p.tree, zoom, width]);
  const rows = plan ? Math.max(1, plan.rows.length) : 1;
  const paint = useMemo(() => painterOf(p.tree, { theme, search: p.search, diff: p.diff }), [p.tree, theme, p.search, p.diff]);

  useLayoutEffect(() => {
    if (!plan) return;
    const dpr = window.devicePixelRatio || 1;
    for (const c of [canvas.current!, overlay.current!]) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(rows * ROW_HEIGHT * dpr);
      c.style.width = `${width}px`;
      c.style.height = `${rows * ROW_HEIGHT}px`;
    }
    const ctx = canvas.current!.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawPlan(p.tree, plan, paint, { ctx, width, rows, up: p.up ?? false, textColor: theme.text });
    // User Timing entries (shown by the browser's performance tools; read by npm run bench:ui).
    // Only the latest of each is kept, so a long session does not pile them up.
    performance.clearMeasures('flamewatch:flame-render');
    performance.measure('flamewatch:flame-render', { start: planStart.current, end: performance.now() });
    p.onPlan?.(plan);
    setSelected(undefined);
    drawOverlay();
  }, [plan, paint]);

  useEffect(() => {
    p.exportSvg?.(() => {
      if (!plan) return '';
      return planToSvg(p.tree, plan, paint, {
        width, rows, up: p.up ?? false, unit: p.unit, total: p.total, title: p.label, textColor: theme.text, background: theme.background,
      });
    });
  }, [plan, paint, p.exportSvg]);

  function drawOverlay(): void {
    const c = overlay.current;
    if (!c || !plan) return;
    const ctx = c.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, rows * ROW_HEIGHT);
    const outline = (b: Box | undefined, color: string, lineWidth: number) => {
      if (!b) return;
      ctx.strokeStyle = color;
      ctx.lineWidth = lineWidth;
      ctx.strokeRect(b.x + 0.5, rowTop(b.row, rows, p.up ?? false) + 0.5, Math.max(1, b.w - 1), ROW_HEIGHT - 2);
    };
    outline(hovered.current, theme.text, 1);
    outline(selectedRef.current, theme.highlight, 2);
  }
  const selectedRef = useRef<Box | undefined>(undefined);
  selectedRef.current = selected;
  useEffect(drawOverlay, [selected]);

  function boxFromEvent(e: MouseEvent): Box | undefined {
    if (!plan) return undefined;
    const rect = canvas.current!.getBoundingClientRect();
    const y = e.clientY - rect.top;
    const rowFromTop = Math.floor(y / ROW_HEIGHT);
    const row = p.up ? rows - 1 - rowFromTop : rowFromTop;
    return boxAt(plan, e.clientX - rect.left, row);
  }

  function onMove(e: MouseEvent): void {
    const start = performance.now();
    const b = boxFromEvent(e);
    const el = tip.current!;
    if (b !== hovered.current) {
      hovered.current = b;
      drawOverlay();
      if (b) el.textContent = describeBox(p.tree, b, p.unit, p.total).join('\n');
    }
    if (!b) { el.hidden = true; return; }
    el.hidden = false;
    const box = wrap.current!.getBoundingClientRect();
    const x = e.clientX - box.left, y = e.clientY - box.top;
    const left = x + 16 + el.offsetWidth > box.width ? Math.max(0, x - 16 - el.offsetWidth) : x + 16;
    el.style.left = `${left}px`;
    el.style.top = `${y + 16}px`;
    performance.clearMeasures('flamewatch:flame-hover');
    performance.measure('flamewatch:flame-hover', { start, end: performance.now() });
  }

  function onLeave(): void {
    hovered.current = undefined;
    tip.current!.hidden = true;
    drawOverlay();
  }

  function zoomTo(b: Box): void {
    if (b.kind === 'merged') {
      const biggest = [...b.members!].sort((x, y) => p.tree.width[y]! - p.tree.width[x]!)[0]!;
      p.onZoom(biggest);
    } else p.onZoom(b.node);
  }

  function onClick(e: MouseEvent): void {
    const b = boxFromEvent(e);
    if (b) zoomTo(b);
  }

  function move(b: Box | undefined): void {
    if (b) setSelected(b);
  }

  function onKey(e: KeyboardEvent): void {
    if (!plan) return;
    const cur = selected ?? plan.rows[p.tree.depth[zoom]!]?.[0];
    if (!cur) return;
    const row = plan.rows[cur.row] ?? [];
    const i = row.indexOf(cur);
    const down = p.up ? 'ArrowUp' : 'ArrowDown';
    const upKey = p.up ? 'ArrowDown' : 'ArrowUp';
    if (e.key === 'ArrowLeft') move(row[i - 1] ?? cur);
    else if (e.key === 'ArrowRight') move(row[i + 1] ?? cur);
    else if (e.key === down) {
      const child = plan.rows[cur.row + 1]?.find((b) => p.tree.parent[b.node] === cur.node);
      move(selected === undefined ? cur : child ?? cur);
    } else if (e.key === upKey) {
      const parent = p.tree.parent[cur.node]!;
      move(plan.rows[cur.row - 1]?.find((b) => b.node === parent) ?? cur);
    } else if (e.key === 'Enter' || e.key === ' ') zoomTo(cur);
    else return;
    e.preventDefault();
  }

  useEffect(() => {
    const onPageKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape') { p.onZoom(0); setSelected(undefined); e.preventDefault(); }
      else if (e.key === 'Backspace') { p.onZoom(Math.max(0, p.tree.parent[zoom]!)); e.preventDefault(); }
    };
    const target: HTMLElement | Document = p.pageKeys ? document : canvas.current!;
    target.addEventListener('keydown', onPageKey as EventListener);
    return () => target.removeEventListener('keydown', onPageKey as EventListener);
  }, [zoom, p.tree, p.pageKeys, p.onZoom]);

  const announcement = selected ? describeBox(p.tree, selected, p.unit, p.total).join(', ') : '';
  return (
    <div class="flame" ref={wrap}>
      <canvas
        ref={canvas} class="flame-canvas" tabIndex={0} role="img"
        aria-label={`${p.label}. Arrow keys move between frames, Enter zooms, Backspace goes up, Escape resets.`}
        onMouseMove={onMove} onMouseLeave={onLeave} onClick={onClick} onKeyDown={onKey}
        onFocus={() => { if (!selected && plan) setSelected(plan.rows[p.tree.depth[zoom]!]?.[0]); }}
      />
      <canvas ref={overlay} class="flame-overlay" aria-hidden="true" />
      <div ref={tip} class="flame-tip" hidden role="tooltip" />
      <div class="flame-selection" role="status" aria-live="polite">{announcement === '' ? 'Tab to the graph and use the arrow keys to step through frames.' : `Selected: ${announcement}`}</div>
    </div>
  );
}

