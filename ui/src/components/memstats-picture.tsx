// Where the process's memory (runtime.MemStats Sys) goes, as one stacked bar: the part the heap
// profile accounts for, the rest of the heap in use, idle and released spans, stacks, runtime
// metadata and other — "why is my heap profile smaller than RSS".
import type { MemStatsReading } from '../api/types.js';
import { formatPercent, formatTime, formatValue } from '../format.js';

interface Segment { key: string; label: string; bytes: number; why: string }

function segmentsOf(values: Record<string, number>, profileBytes: number): Segment[] {
  const v = (k: string) => values[k] ?? 0;
  const inProfile = Math.min(profileBytes, v('HeapInuse'));
  const segments: Segment[] = [
    { key: 'profile', label: 'in the heap profile', bytes: inProfile, why: 'inuse_space of the heap profile: live objects as of the last GC, scaled up from the sampled allocations' },
    { key: 'heap-rest', label: 'heap in use, not in the profile', bytes: v('HeapInuse') - inProfile, why: 'HeapInuse minus the profile: sampling error, objects allocated since the last GC, free slots in in-use spans' },
    { key: 'idle', label: 'idle heap spans', bytes: v('HeapIdle') - v('HeapReleased'), why: 'HeapIdle − HeapReleased: free spans kept for reuse, still resident' },
    { key: 'released', label: 'released to the OS', bytes: v('HeapReleased'), why: 'HeapReleased: returned to the OS; counted in Sys but not resident' },
    { key: 'stacks', label: 'goroutine stacks', bytes: v('StackSys'), why: 'StackSys' },
    { key: 'gc', label: 'GC metadata', bytes: v('GCSys'), why: 'GCSys: mark bits and other garbage collector metadata' },
    { key: 'mspan', label: 'span metadata (MSpan)', bytes: v('MSpanSys'), why: 'MSpanSys' },
    { key: 'mcache', label: 'per-P caches (MCache)', bytes: v('MCacheSys'), why: 'MCacheSys' },
    { key: 'buckhash', label: 'profiling buckets', bytes: v('BuckHashSys'), why: 'BuckHashSys: the profiler\'s own hash table' },
    { key: 'other', label: 'other runtime memory', bytes: v('OtherSys'), why: 'OtherSys' },
  ];
  const rest = v('Sys') - segments.reduce((s, x) => s + x.bytes, 0);
  if (rest > 0) segments.push({ key: 'unaccounted', label: 'not itemised', bytes: rest, why: 'Sys minus the parts above' });
  return segments.filter((s) => s.bytes > 0);
}

interface Props {
  reading: MemStatsReading;
  profileBytes: number | undefined;
}

export function MemStatsPicture({ reading, profileBytes }: Props) {
  const sys = reading.values['Sys'] ?? 0;
  const segments = segmentsOf(reading.values, profileBytes ?? 0);
  const pct = (b: number) => formatPercent(sys === 0 ? 0 : (100 * b) / sys);
  const maxRss = reading.values['MaxRSS'];
  const inProfile = segments.find((s) => s.key === 'profile')?.bytes ?? 0;
  return (
    <figure class="memstats">
      <figcaption>
        <strong>{Object.entries(reading.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</strong> at {formatTime(reading.timeMs)}:
        {' '}the runtime holds <strong>{formatValue(sys, 'bytes')}</strong> (Sys){maxRss ? `, max RSS ${formatValue(maxRss, 'bytes')}` : ''};
        {' '}the heap profile (mean over the window) accounts for <strong>{formatValue(inProfile, 'bytes')} ({pct(inProfile)})</strong>.
        {profileBytes === undefined && ' (No heap profile in this window for this target.)'}
      </figcaption>
      <div class="mem-bar" role="img" aria-label={segments.map((s) => `${s.label} ${formatValue(s.bytes, 'bytes')} (${pct(s.bytes)})`).join('; ')}>
        {segments.map((s) => (
          <span key={s.key} class={`mem-seg seg-${s.key}`} title={`${s.label}: ${formatValue(s.bytes, 'bytes')} (${pct(s.bytes)})`}
            ref={(el) => { if (el) el.style.flexGrow = String(s.bytes); }} />
        ))}
      </div>
      <ul class="mem-legend">
        {segments.map((s) => (
          <li key={s.key}><span class={`swatch seg-${s.key}`} /><strong>{s.label}</strong> {formatValue(s.bytes, 'bytes')} ({pct(s.bytes)}) — <span class="muted">{s.why}</span></li>
        ))}
      </ul>
    </figure>
  );
}
