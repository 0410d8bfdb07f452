import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from '../query/format-units.js';
import type { ListResult } from '../query/list.js';
import { fixture } from './support/fixtures.js';
import { goAvailable } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { oracleList } from './support/oracle-reports.js';
import { filterFlags, runCli } from './support/run-cli.js';

const printed = (x: number) => Number(formatPercent(x).slice(0, -1));

const cases: { file: string; regex: string; sampleIndex?: string; filters?: OracleFilters }[] = [
  { file: 'hotspots-labels.cpu.pb.gz', regex: 'main\\.' },
  { file: 'hotspots.cpu.1.pb.gz', regex: 'hashLoop|isDigit' },
  { file: 'hotspots-labels.heap.pb.gz', regex: 'main\\.', sampleIndex: 'alloc_space' },
  { file: 'hotspots-labels.cpu.pb.gz', regex: 'main\\.', filters: { tagfocus: 'tenant=acme' } },
];

for (const c of cases) {
  test(`flamewatch list rows equal go tool pprof -list: ${c.file} ${c.regex} ${c.sampleIndex ?? ''} ${JSON.stringify(c.filters ?? {})}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const path = fixture(c.file);
    const args = ['list', '--json', c.regex, path, ...filterFlags(c.filters)];
    if (c.sampleIndex) args.push('--sample-index', c.sampleIndex);
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as ListResult;
    const oracle = oracleList([path], c.regex, { sampleIndex: c.sampleIndex, filters: c.filters });
    assert.ok(oracle.length > 0, 'some function matches');
    assert.deepEqual(
      ours.routines.map((x) => [x.function, x.flat, x.cum, printed(x.cumPct), x.lines]),
      oracle.map((x) => [x.function, x.flat, x.cum, x.cumPct, x.lines]),
    );
  });
}
