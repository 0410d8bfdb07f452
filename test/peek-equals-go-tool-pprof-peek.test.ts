import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from '../query/format-units.js';
import type { PeekResult } from '../query/peek.js';
import { fixture } from './support/fixtures.js';
import { goAvailable } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { oraclePeek } from './support/oracle-reports.js';
import { filterFlags, runCli } from './support/run-cli.js';

const printed = (x: number) => Number(formatPercent(x).slice(0, -1));

const cases: { file: string; regex: string; filters?: OracleFilters; lines?: boolean; relative?: boolean }[] = [
  { file: 'hotspots-labels.cpu.pb.gz', regex: 'main\\.(hashLoop|parseLoop|recurse)' },
  { file: 'hotspots-labels.cpu.pb.gz', regex: 'main\\.parseLoop', lines: true },
  { file: 'gobench-regexp.cpu.pb.gz', regex: 'regexp\\.\\(\\*machine\\)' },
  { file: 'hotspots-labels.cpu.pb.gz', regex: 'main\\.handle', filters: { tagfocus: 'handler=report', hide: 'func1' } },
  { file: 'hotspots-labels.cpu.pb.gz', regex: 'main\\.', filters: { focus: 'recurse' }, relative: true },
];

for (const c of cases) {
  test(`flamewatch peek equals go tool pprof -peek: ${c.file} ${c.regex}${c.lines ? ' by line' : ''} ${JSON.stringify(c.filters ?? {})}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const path = fixture(c.file);
    const args = ['peek', '--json', c.regex, path, ...filterFlags(c.filters)];
    if (c.lines) args.push('--lines');
    if (c.relative) args.push('--relative-percentages');
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as PeekResult;
    const oracle = oraclePeek([path], c.regex, { filters: c.filters, lines: c.lines, relative: c.relative });
    assert.ok(oracle.length > 0, 'some node matches');
    const edges = (es: { name: string; weight: number; pct: number; inline: boolean }[], print: boolean) =>
      es.map((e) => [e.name, e.weight, print ? printed(e.pct) : e.pct, e.inline]);
    assert.deepEqual(
      ours.rows.map((n) => [n.name, n.flat, n.cum, printed(n.flatPct), printed(n.sumPct), printed(n.cumPct), edges(n.callers, true), edges(n.callees, true)]),
      oracle.map((n) => [n.name.replace(/ \(inline\)$/, ''), n.flat, n.cum, n.flatPct, n.sumPct, n.cumPct, edges(n.callers, false), edges(n.callees, false)]),
    );
  });
}
