import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';

test('oracle parses go tool pprof -top of a Go CPU profile with exact values', (t) => {
  if (!goAvailable()) {
    t.skip('go not installed: the go tool pprof oracle is unavailable, skipping');
    return;
  }
  const top = oracleTop([fixture('hotspots.cpu.1.pb.gz')]);
  assert.ok(top.rows.length > 0, 'no rows');
  assert.ok(top.total > 0, 'total must be positive');

  const byFlat = [...top.rows].sort((a, b) => Math.abs(b.flat) - Math.abs(a.flat));
  const top3 = byFlat.slice(0, 3).map((r) => r.name);
  assert.ok(top3.includes('main.hashLoop'), `main.hashLoop not in top 3 by flat: ${top3.join(', ')}`);

  for (const row of top.rows) {
    assert.ok(Number.isSafeInteger(row.flat) && Number.isSafeInteger(row.cum), `non-integer values in ${row.name}`);
    assert.ok(!row.name.endsWith('(inline)'), `inline marker left in ${row.name}`);
    // CPU values are multiples of the 10 ms sampling period, in nanoseconds.
    assert.equal(row.flat % 10_000_000, 0, `flat of ${row.name} is not in raw nanoseconds: ${row.flat}`);
  }
  const flatSum = top.rows.reduce((s, r) => s + r.flat, 0);
  assert.equal(flatSum, top.total, 'sum of flat must equal total');
  const last = top.rows[top.rows.length - 1]!;
  assert.ok(Math.abs(last.sumPct - 100) < 0.01, `last sum% is ${last.sumPct}`);
  assert.ok(top.rows.some((r) => r.name === 'main.isDigit'), 'inlined main.isDigit should appear without its marker');
});

test('oracle reads heap sample types in bytes and counts exactly', (t) => {
  if (!goAvailable()) {
    t.skip('go not installed: the go tool pprof oracle is unavailable, skipping');
    return;
  }
  const space = oracleTop([fixture('hotspots.heap.pb.gz')], { sampleIndex: 'inuse_space' });
  const retain = space.rows.find((r) => r.name === 'main.retain');
  assert.ok(retain !== undefined, 'main.retain missing from inuse_space');
  assert.ok(retain.flat > 32 * 1024 * 1024, `main.retain holds only ${retain.flat} bytes`);
  assert.equal(space.rows.reduce((s, r) => s + r.flat, 0), space.total);

  const objects = oracleTop([fixture('hotspots.heap.pb.gz')], { sampleIndex: 'alloc_objects' });
  assert.ok(objects.rows.some((r) => r.name === 'main.churn' && r.flat > 0), 'main.churn missing from alloc_objects');
  assert.equal(objects.rows.reduce((s, r) => s + r.flat, 0), objects.total);
});
