// The legend of a diff flame graph: colour against change, with the scale in the profile's unit.
import type { DiffPalette, Theme } from '../flame/colors.js';
import { diffColor } from '../flame/colors.js';
import { formatValue } from '../format.js';

interface Props {
  fullScale: number;
  unit: string;
  palette: DiffPalette;
  theme: Theme;
}

const STEPS = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1];

export function DiffLegend({ fullScale, unit, palette, theme }: Props) {
  const more = palette === 'red-green' ? 'red' : 'orange';
  const less = palette === 'red-green' ? 'green' : 'blue';
  return (
    <figure class="diff-legend" aria-label={`legend: ${more} means more in the comparison, ${less} means less`}>
      <div class="legend-scale">
        {STEPS.map((s) => (
          <span key={s} class="legend-step">
            <span class="swatch" ref={(el) => { if (el) el.style.background = diffColor(s, palette, theme); }} />
            <span class="legend-value">{s === 0 ? '0' : `${s > 0 ? '+' : '−'}${formatValue(Math.abs(s) * fullScale, unit)}`}</span>
          </span>
        ))}
      </div>
      <figcaption>
        <strong class={`legend-more ${palette}`}>{more}: more</strong> in the comparison than in the base,{' '}
        <strong class={`legend-less ${palette}`}>{less}: less</strong>; grey: unchanged. Full colour at a change of {formatValue(fullScale, unit)} (the largest).
        Box width is base + comparison. <strong>[new]</strong> marks frames the base does not have.
      </figcaption>
    </figure>
  );
}
