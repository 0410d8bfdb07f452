// The sandwich of one function: its callers above it (growing up), its callees below, and the
// direct callers and callees with their values (what pprof -peek prints).
import { useMemo, useState } from 'preact/hooks';
import type { FlameNode } from '../api/types.js';
import { FlamePanel } from '../components/flame-panel.js';
import { flattenTree } from '../flame/flat-tree.js';
import { formatPercent, formatValue } from '../format.js';
import type { Sandwich } from '../profile/stack-trees.js';

interface Props {
  sandwich: Sandwich;
  name: string;
  unit: string;
  total: number;
  onPick: (name: string) => void;
}

function Edges({ title, node, unit, total, onPick }: { title: string; node: FlameNode; unit: string; total: number; onPick: (n: string) => void }) {
  return (
    <table class="edges">
      <caption>{title}</caption>
      <thead><tr><th scope="col" class="num">value</th><th scope="col" class="num">share</th><th scope="col">function</th></tr></thead>
      <tbody>
        {node.children.map((c) => (
          <tr key={c.name} tabIndex={0} onClick={() => onPick(c.name)} onKeyDown={(e) => { if (e.key === 'Enter') onPick(c.name); }}>
            <td class="num">{formatValue(c.total, unit)}</td><td class="num">{formatPercent(total === 0 ? 0 : (100 * c.total) / total)}</td><td class="name">{c.name}</td>
          </tr>
        ))}
        {node.children.length === 0 && <tr><td colSpan={3}>none</td></tr>}
      </tbody>
    </table>
  );
}

export function SandwichView(p: Props) {
  const callers = useMemo(() => flattenTree(p.sandwich.callers), [p.sandwich]);
  const callees = useMemo(() => flattenTree(p.sandwich.callees), [p.sandwich]);
  const [zoomUp, setZoomUp] = useState(0);
  const [zoomDown, setZoomDown] = useState(0);
  const file = p.name.replace(/\W+/g, '_');
  return (
    <div class="sandwich">
      <div class="peek">
        <Edges title={`Callers of ${p.name}`} node={p.sandwich.callers} unit={p.unit} total={p.total} onPick={p.onPick} />
        <Edges title={`Callees of ${p.name}`} node={p.sandwich.callees} unit={p.unit} total={p.total} onPick={p.onPick} />
      </div>
      <FlamePanel tree={callers} unit={p.unit} total={p.total} label={`Callers of ${p.name}`} zoom={zoomUp} onZoom={setZoomUp} up fileName={`callers-${file}.svg`} />
      <FlamePanel tree={callees} unit={p.unit} total={p.total} label={`Callees of ${p.name}`} zoom={zoomDown} onZoom={setZoomDown} pageKeys fileName={`callees-${file}.svg`} />
    </div>
  );
}
