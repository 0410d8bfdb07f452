// A small timeline of one line's points as an SVG polyline, on a shared scale (peak).
interface Props {
  points: { t: number; value: number }[];
  fromMs: number;
  toMs: number;
  peak: number;
  label: string;
}

const W = 180, H = 28;

export function Sparkline({ points, fromMs, toMs, peak, label }: Props) {
  const x = (t: number) => (toMs > fromMs ? ((t - fromMs) / (toMs - fromMs)) * W : 0);
  const y = (v: number) => H - 1 - (peak > 0 ? (v / peak) * (H - 2) : 0);
  const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  return (
    <svg class="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} class="axis" />
      {points.length === 1 && <circle cx={x(points[0]!.t)} cy={y(points[0]!.value)} r="2" class="dot" />}
      {points.length > 1 && <polyline points={line} class="trace" />}
    </svg>
  );
}
