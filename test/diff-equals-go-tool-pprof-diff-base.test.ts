import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formatPercent } from '../query/format-units.js';
import { decodeProfile } from '../codec/decode.js';
import { diffStacks } from '../query/diff.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import type { Granularity } from '../query/stack-set.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';

const load = (name: string, granularity: Granularity) =>
  stacksFromProfiles([decodeProfile(readFileSync(fixture(name)))], { granularity });
const printed = (x: number) => Number(formatPercent(x).slice(0, -1));

for (const granularity of ['function', 'line'] as const) {
  test(`diff rows equal go tool pprof -diff_base by ${granularity}: workload a → b`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const base = 'hotspots.cpu.1.pb.gz', current = 'hotspots-b.cpu.pb.gz';
    const ours = diffStacks(load(base, granularity), load(current, granularity));
    const oracle = oracleTop([fixture(current)], { diffBase: fixture(base), lines: granularity === 'line' });
    assert.equal(ours.base.total, oracle.total);
    assert.deepEqual(ours.rows.map((r) => [r.name, r.deltaFlat, r.deltaCum]), oracle.rows.map((r) => [r.name, r.flat, r.cum]));
    ours.rows.forEach((r, i) => {
      assert.equal(printed(r.deltaFlatPct), oracle.rows[i]!.flatPct, `${r.name} flat%`);
      assert.equal(printed(r.deltaCumPct), oracle.rows[i]!.cumPct, `${r.name} cum%`);
    });
    assert.equal(ours.rows[0]!.name.split(' ')[0], 'main.newHotPath');
    assert.ok(ours.rows[0]!.deltaFlat > 0);
  });
}

test('normalized diff has the percentages of go tool pprof -diff_base -normalize', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const base = 'hotspots.cpu.1.pb.gz', current = 'hotspots.cpu.2.pb.gz';
  const ours = diffStacks(load(base, 'function'), load(current, 'function'), { normalize: true });
  assert.equal(ours.baseScale, ours.current.total / ours.base.total);
  const oracle = oracleTop([fixture(current)], { diffBase: fixture(base), normalize: true });
  const byName = new Map(oracle.rows.map((r) => [r.name, r]));
  for (const r of ours.rows) {
    const o = byName.get(r.name);
    if (!o) { assert.ok(Math.abs(r.deltaFlatPct) < 0.05 && Math.abs(r.deltaCumPct) < 0.05, `${r.name} missing from pprof`); continue; }
    assert.ok(Math.abs(Math.abs(r.deltaFlatPct) - o.flatPct) <= 0.011 * Math.max(1, o.flatPct), `${r.name} flat% ${r.deltaFlatPct} vs ${o.flatPct}`);
    assert.ok(Math.abs(Math.abs(r.deltaCumPct) - o.cumPct) <= 0.011 * Math.max(1, o.cumPct), `${r.name} cum% ${r.deltaCumPct} vs ${o.cumPct}`);
  }
});

test('diff flame tree keeps base and current totals on each path', () => {
  const ours = diffStacks(load('hotspots.cpu.1.pb.gz', 'function'), load('hotspots-b.cpu.pb.gz', 'function'));
  assert.equal(ours.root.total, ours.current.total);
  assert.equal(ours.root.baseTotal, ours.base.total);
  const check = (n: typeof ours.root): void => {
    const sum = n.children.reduce((s, c) => s + c.total, 0), baseSum = n.children.reduce((s, c) => s + c.baseTotal, 0);
    assert.equal(n.total, n.self + sum, n.name);
    assert.equal(n.baseTotal, n.baseSelf + baseSum, n.name);
    n.children.forEach(check);
  };
  check(ours.root);
});
