import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopResult } from '../query/top.js';
import { assertSameTop } from './support/compare-top.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { filterFlags, runCli } from './support/run-cli.js';

interface Case {
  what: string;
  file: string;
  filters: OracleFilters;
  sampleIndex?: string;
  lines?: boolean;
  relative?: boolean;
}

const cpu = 'hotspots-labels.cpu.pb.gz', heap = 'hotspots-labels.heap.pb.gz', goroutine = 'hotspots-labels.goroutine.pb.gz';
const cases: Case[] = [
  { what: 'focus on a function', file: cpu, filters: { focus: 'main\\.hashLoop' } },
  { what: 'focus by source file name', file: 'gobench-regexp.cpu.pb.gz', filters: { focus: 'onepass\\.go' } },
  { what: 'ignore a function', file: cpu, filters: { ignore: 'recurse' } },
  { what: 'focus and ignore together', file: cpu, filters: { focus: 'main\\.handle', ignore: 'parseLoop' } },
  { what: 'hide removes frames, inlined ones too', file: cpu, filters: { hide: 'isDigit|runtime\\.' } },
  { what: 'show keeps only matching frames', file: cpu, filters: { show: '^main\\.' } },
  { what: 'hide and show by line', file: cpu, filters: { hide: 'mix', show: 'main' }, lines: true },
  { what: 'tagfocus on one label value', file: cpu, filters: { tagfocus: 'handler=checkout' } },
  { what: 'tagfocus with several regexes', file: cpu, filters: { tagfocus: 'handler=search,rep' } },
  { what: 'tagfocus without a key matches key:value', file: cpu, filters: { tagfocus: 'tenant:globex' } },
  { what: 'tagignore', file: cpu, filters: { tagignore: 'tenant=acme' } },
  { what: 'tagfocus and tagignore on goroutines', file: goroutine, filters: { tagfocus: 'handler=checkout', tagignore: 'tenant=globex' } },
  { what: 'numeric range on the heap bytes label', file: heap, filters: { tagfocus: 'bytes=1kb:64kb' }, sampleIndex: 'alloc_space' },
  { what: 'numeric upper bound', file: heap, filters: { tagfocus: 'bytes=:8kb' }, sampleIndex: 'alloc_objects' },
  { what: 'numeric exact value, ignored', file: heap, filters: { tagignore: 'bytes=16kb' }, sampleIndex: 'alloc_space' },
  { what: 'numeric lower bound without a key', file: heap, filters: { tagfocus: '64kb:' } },
  { what: 'relative percentages', file: cpu, filters: { focus: 'hashLoop', tagignore: 'tenant=acme' }, relative: true },
];

for (const c of cases) {
  test(`flamewatch top with filters equals go tool pprof -top: ${c.what}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const path = fixture(c.file);
    const args = ['top', '--json', path, ...filterFlags(c.filters)];
    if (c.sampleIndex) args.push('--sample-index', c.sampleIndex);
    if (c.lines) args.push('--lines');
    if (c.relative) args.push('--relative-percentages');
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as TopResult;
    const oracle = oracleTop([path], { filters: c.filters, sampleIndex: c.sampleIndex, lines: c.lines, relative: c.relative });
    assert.ok(oracle.rows.length > 0, `${c.what}: the filter keeps some samples`);
    assertSameTop(ours, oracle, c.what);
  });
}

test('the text table lists the active filters and keeps the unfiltered total', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const r = runCli(['top', fixture(cpu), '--focus', 'hashLoop', '--tagfocus', 'handler=checkout']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Active filters:\n {3}focus=hashLoop\n {3}tagfocus=handler=checkout\n/m);
  const total = /of (\S+) total/.exec(r.stdout)?.[1];
  const unfiltered = /of (\S+) total/.exec(runCli(['top', fixture(cpu)]).stdout)?.[1];
  assert.equal(total, unfiltered);
});

test('a bad filter ends in one line naming it', () => {
  const r = runCli(['top', fixture(cpu), '--focus', 'main.(']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^flamewatch: invalid focus filter: "main\.\(" is not a regular expression: .*missing closing \).* \[FW_FILTER_INVALID\]\n$/);
});
