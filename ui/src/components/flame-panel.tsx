// A flame graph with its controls: breadcrumb of the zoom, up and reset, SVG export, and the
// caption that says what was trimmed by the server and what was merged for drawing.
import { useCallback, useRef, useState } from 'preact/hooks';
import { download } from '../flame/export-svg.js';
import { FlameGraph } from '../flame/flame-graph.js';
import type { FlameGraphProps } from '../flame/flame-graph.js';
import { pathTo } from '../flame/flat-tree.js';
import type { Plan } from '../flame/plan.js';
import { MIN_BOX_PX } from '../flame/plan.js';
import { count, formatPercent } from '../format.js';

/** The flame graph's own props (but its SVG hook, which the panel owns), and what the panel adds around it. */
export interface FlamePanelProps extends Omit<FlameGraphProps, 'exportSvg'> {
  /** The node limit the tree was asked with, when it came trimmed from the server. */
  maxNodes?: number;
  fileName: string;
}

const share = (v: number, total: number) => formatPercent(total === 0 ? 0 : (100 * v) / total);

export function FlamePanel(p: FlamePanelProps) {
  const [plan, setPlan] = useState<Plan | undefined>(undefined);
  const render = useRef<() => string>(() => '');
  const exportSvg = useCallback((f: () => string) => { render.current = f; }, []);
  const t = p.tree;
  const zoom = p.zoom < t.count ? p.zoom : 0;
  const trimmedValue = t.trimmedNodes.reduce((s, n) => s + t.width[n]!, 0);
  const widthTotal = t.width[0]!;
  return (
    <section class="flame-panel" aria-label={p.label}>
      <div class="flame-toolbar">
        <nav class="breadcrumb" aria-label="zoom path">
          {pathTo(t, zoom).map((n, i, all) => (
            <span key={n}>
              {i > 0 && ' › '}
              {i === all.length - 1 ? <strong aria-current="location">{t.names[n]}</strong>
                : <button type="button" class="link" onClick={() => p.onZoom(n)}>{t.names[n]}</button>}
            </span>
          ))}
        </nav>
        <span class="spacer" />
        <button type="button" onClick={() => p.onZoom(Math.max(0, t.parent[zoom]!))} disabled={zoom === 0} title="Backspace">Up one level</button>
        <button type="button" onClick={() => p.onZoom(0)} disabled={zoom === 0} title="Esc">Reset zoom</button>
        <button type="button" onClick={() => download(p.fileName, 'image/svg+xml', render.current())}>Export SVG</button>
      </div>
      {p.search && (
        <p class="search-share" role="status">
          {p.search.count === 0 ? 'No frame matches the search.'
            : `${count(p.search.count, 'matching frame')} (${p.search.names.slice(0, 3).join(', ')}${p.search.names.length > 3 ? ', …' : ''}): ${share(p.search.value, p.total)} of the total`}
        </p>
      )}
      <FlameGraph
        tree={t} unit={p.unit} total={p.total} label={p.label} zoom={zoom} onZoom={p.onZoom} up={p.up}
        search={p.search} diff={p.diff} pageKeys={p.pageKeys} exportSvg={exportSvg} onPlan={setPlan}
      />
      <p class="flame-caption">
        {t.count.toLocaleString('en')} nodes
        {p.maxNodes !== undefined && (t.trimmedNodes.length > 0
          ? `; the server kept the ${p.maxNodes.toLocaleString('en')} heaviest and summed the rest into ${t.trimmedNodes.length} "(other)" nodes holding ${share(trimmedValue, widthTotal)} of the total (their members are not known here)`
          : `; nothing trimmed by the server (limit ${p.maxNodes.toLocaleString('en')})`)}
        {plan && (plan.mergedNodes > 0
          ? `. Drawn: ${plan.drawnNodes.toLocaleString('en')} boxes; ${plan.mergedNodes.toLocaleString('en')} nodes narrower than ${MIN_BOX_PX} px are merged into ${plan.mergedBlocks} grey blocks holding ${share(plan.mergedValue, widthTotal)} — hover one to list its biggest members, or zoom in.`
          : `. Drawn: ${plan.drawnNodes.toLocaleString('en')} boxes, none merged.`)}
      </p>
    </section>
  );
}
