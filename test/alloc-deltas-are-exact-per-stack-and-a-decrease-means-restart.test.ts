import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { selectColumns, withSamples } from '../codec/profile-columns.js';
import type { Profile } from '../codec/profile.js';
import { sampleLabelsKey } from '../codec/identity.js';
import { ALLOC_COLUMNS, DeltaTracker, INUSE_COLUMNS } from '../collector/heap-deltas.js';
import { fixture } from './support/fixtures.js';

const heap = decodeProfile(readFileSync(fixture('hotspots.heap.pb.gz')));
const width = heap.sampleTypes.length;

/** The heap fixture with every value of sample i changed by f(i, column). */
function mapped(p: Profile, f: (i: number, c: number, v: number) => number): Profile {
  const values = new Float64Array(p.samples.values.length);
  for (let i = 0; i < p.samples.count; i++) for (let c = 0; c < width; c++) values[i * width + c] = f(i, c, p.samples.values[i * width + c]!);
  return withSamples(p, p.sampleTypes.map((_, c) => c), Array.from({ length: p.samples.count }, (_, i) => i), values);
}

/** A sample's identity written out: its stack's addresses and its labels. */
function identity(p: Profile, i: number): string {
  const s = p.samples, addresses: string[] = [];
  for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) addresses.push(p.locations[s.locations[k]!]!.address.toString(16));
  return `${addresses.join(',')}|${sampleLabelsKey(p, i)}`;
}

test('alloc deltas are exact per stack, drop zeros, and the first scrape is a baseline', () => {
  const tracker = new DeltaTracker(ALLOC_COLUMNS);
  assert.deepEqual(tracker.next(heap, 1000), { kind: 'baseline' });
  const allocCols = ALLOC_COLUMNS.map((n) => heap.sampleTypes.findIndex((t) => t.type === n));
  const grown = mapped(heap, (i, c, v) => (allocCols.includes(c) && i % 2 === 0 ? v + (i + 1) * (c + 1) : v));
  const out = tracker.next(grown, 3000);
  assert.equal(out.kind, 'delta');
  if (out.kind !== 'delta') return;
  assert.deepEqual(out.profile.sampleTypes.map((t) => t.type), [...ALLOC_COLUMNS]);
  assert.equal(out.profile.durationNanos, 2000 * 1e6);
  const expected = new Map<string, number[]>();
  for (let i = 0; i < heap.samples.count; i += 2) expected.set(identity(heap, i), allocCols.map((c) => (i + 1) * (c + 1)));
  assert.equal(out.profile.samples.count, expected.size, 'unchanged stacks are dropped');
  for (let j = 0; j < out.profile.samples.count; j++) {
    assert.deepEqual([out.profile.samples.values[j * 2], out.profile.samples.values[j * 2 + 1]], expected.get(identity(out.profile, j)));
  }
  const again = tracker.next(grown, 4000);
  assert.equal(again.kind === 'delta' && again.profile.samples.count, 0, 'no change, no samples');
});

test('a counter going down means a restart: new baseline, never a negative delta', () => {
  const tracker = new DeltaTracker(ALLOC_COLUMNS);
  tracker.next(heap, 0);
  const restarted = mapped(heap, (i, _c, v) => (i === 0 ? Math.floor(v / 2) : v * 3));
  const out = tracker.next(restarted, 1000);
  assert.equal(out.kind, 'restart');
  const after = mapped(heap, (i, _c, v) => (i === 0 ? Math.floor(v / 2) + 1 : v * 3));
  const next = tracker.next(after, 2000);
  assert.ok(next.kind === 'delta');
  if (next.kind === 'delta') for (const v of next.profile.samples.values) assert.ok(v >= 0);
});

test('the inuse snapshot keeps only inuse columns, so alloc is never stored twice', () => {
  const inuse = selectColumns(heap, INUSE_COLUMNS, 'inuse_space');
  assert.deepEqual(inuse.sampleTypes.map((t) => t.type), ['inuse_objects', 'inuse_space']);
  assert.equal(inuse.period, heap.period, 'MemProfileRate kept as the period');
  const total = (p: Profile, col: number, w: number) => { let s = 0; for (let i = 0; i < p.samples.count; i++) s += p.samples.values[i * w + col]!; return s; };
  assert.equal(total(inuse, 1, 2), total(heap, heap.sampleTypes.findIndex((t) => t.type === 'inuse_space'), width));
});
