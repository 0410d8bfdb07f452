// Time presets and a custom range; the fields take what the API takes (RFC 3339, unix
// seconds or ms, now, now-15m).
import { useEffect, useState } from 'preact/hooks';
import type { Window } from '../time-window.js';
import { PRESETS, resolveWindow } from '../time-window.js';

interface Props {
  idPrefix: string;
  value: Window;
  onChange: (w: Window) => void;
}

export function TimeRange({ idPrefix, value, onChange }: Props) {
  const [from, setFrom] = useState(value.from);
  const [to, setTo] = useState(value.to);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => { setFrom(value.from); setTo(value.to); }, [value.from, value.to]);

  function apply(e?: Event): void {
    e?.preventDefault();
    const w = { from: from.trim() || 'now-1h', to: to.trim() || 'now' };
    const r = resolveWindow(w);
    if ('error' in r) { setError(r.error); return; }
    setError(undefined);
    onChange(w);
  }

  return (
    <form class="time-range" onSubmit={apply}>
      <div class="presets" role="group" aria-label="time presets">
        {PRESETS.map((p) => (
          <button
            type="button" key={p.label} aria-pressed={value.from === p.from && (value.to === 'now' || value.to === '')}
            onClick={() => { setError(undefined); onChange({ from: p.from, to: 'now' }); }}
          >{p.label}</button>
        ))}
      </div>
      <label for={`${idPrefix}-from`}>from</label>
      <input id={`${idPrefix}-from`} class="time" value={from} onInput={(e) => setFrom(e.currentTarget.value)} placeholder="now-1h" />
      <label for={`${idPrefix}-to`}>to</label>
      <input id={`${idPrefix}-to`} class="time" value={to} onInput={(e) => setTo(e.currentTarget.value)} placeholder="now" />
      <button type="submit">Apply</button>
      {error !== undefined && <span class="field-error" role="alert">{error}</span>}
    </form>
  );
}
