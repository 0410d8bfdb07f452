import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopResult } from '../query/top.js';
import { assertSameTop } from './support/compare-top.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { runCli } from './support/run-cli.js';

const cpu = fixture('hotspots-labels.cpu.pb.gz'), heap = fixture('hotspots-labels.heap.pb.gz');

const cases: { selector: string; file: string; pprof: OracleFilters; sampleIndex?: string }[] = [
  { selector: '{handler="checkout",tenant!="acme"}', file: cpu, pprof: { tagfocus: 'handler=^checkout$', tagignore: 'tenant=^acme$' } },
  { selector: '{handler=~"check.*|search"}', file: cpu, pprof: { tagfocus: 'handler=^(?:check.*|search)$' } },
  { selector: '{handler!~"rep.*"}', file: cpu, pprof: { tagignore: 'handler=^rep.*$' } },
  { selector: '{bytes="1kb:64kb"}', file: heap, pprof: { tagfocus: 'bytes=1kb:64kb' }, sampleIndex: 'alloc_space' },
  { selector: '{bytes!="16kb"}', file: heap, pprof: { tagignore: 'bytes=16kb' }, sampleIndex: 'alloc_space' },
];

for (const c of cases) {
  test(`--sample-labels ${c.selector} keeps the samples pprof keeps with ${JSON.stringify(c.pprof)}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const args = ['top', '--json', c.file, '--sample-labels', c.selector];
    if (c.sampleIndex) args.push('--sample-index', c.sampleIndex);
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const oracle = oracleTop([c.file], { filters: c.pprof, sampleIndex: c.sampleIndex });
    assert.ok(oracle.rows.length > 0);
    assertSameTop(JSON.parse(r.stdout) as TopResult, oracle, c.selector);
  });
}

test('a malformed sample-label selector is refused naming the position', () => {
  const r = runCli(['top', cpu, '--sample-labels', '{handler=checkout}']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /invalid sampleLabels filter: invalid selector at position 9: expected a quoted value.*\[FW_FILTER_INVALID\]/);
});
