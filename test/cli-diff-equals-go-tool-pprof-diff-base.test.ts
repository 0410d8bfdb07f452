import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from '../query/format-units.js';
import type { DiffResult } from '../query/diff.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { filterFlags, runCli } from './support/run-cli.js';

const printed = (x: number) => Number(formatPercent(x).slice(0, -1));

const cases: { base: string; current: string; filters?: OracleFilters; lines?: boolean }[] = [
  { base: 'hotspots-labels.cpu.pb.gz', current: 'hotspots-labels-b.cpu.pb.gz' },
  { base: 'hotspots.cpu.1.pb.gz', current: 'hotspots-b.cpu.pb.gz', lines: true },
  { base: 'hotspots-labels.cpu.pb.gz', current: 'hotspots-labels-b.cpu.pb.gz', filters: { tagfocus: 'handler=checkout', ignore: 'asyncPreempt' } },
];

for (const c of cases) {
  test(`flamewatch diff --base equals go tool pprof -diff_base: ${c.base} → ${c.current}${c.lines ? ' by line' : ''} ${JSON.stringify(c.filters ?? {})}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const args = ['diff', '--json', '--base', fixture(c.base), fixture(c.current), ...filterFlags(c.filters)];
    if (c.lines) args.push('--lines');
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as DiffResult;
    const oracle = oracleTop([fixture(c.current)], { diffBase: fixture(c.base), lines: c.lines, filters: c.filters });
    assert.equal(ours.base.total, oracle.total, 'the base total, before filters');
    assert.deepEqual(
      ours.rows.map((x) => [x.name, x.deltaFlat, x.deltaCum, printed(x.deltaFlatPct), printed(x.deltaCumPct)]),
      oracle.rows.map((x) => [x.name, x.flat, x.cum, x.flatPct, x.cumPct]),
    );
  });
}

test('flamewatch diff --normalize scales the base to the current total', () => {
  const r = runCli(['diff', '--json', '--normalize', '--base', fixture('hotspots.cpu.1.pb.gz'), fixture('hotspots.cpu.2.pb.gz')]);
  assert.equal(r.status, 0, r.stderr);
  const ours = JSON.parse(r.stdout) as DiffResult;
  assert.equal(ours.baseScale, ours.current.total / ours.base.total);
  const sum = ours.rows.reduce((s, x) => s + x.deltaFlat, 0);
  assert.ok(Math.abs(sum) < 1e-6 * ours.current.total, 'normalized flat deltas net to zero');
});
