import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopResult } from '../query/top.js';
import { assertSameTop } from './support/compare-top.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import type { OracleOptions } from './support/oracle.js';
import { runCli } from './support/run-cli.js';

interface Case {
  what: string;
  files: string[];
  options: OracleOptions;
}

const cpu = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots-b.cpu.pb.gz', 'gobench-regexp.cpu.pb.gz'];
const heapTypes = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'];
const cases: Case[] = [
  ...cpu.map((f) => ({ what: `${f} by function`, files: [f], options: {} })),
  ...cpu.map((f) => ({ what: `${f} by line`, files: [f], options: { lines: true } })),
  { what: 'two runs of hotspots merged', files: ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz'], options: {} },
  { what: 'three CPU profiles merged, by line', files: cpu.slice(0, 3), options: { lines: true } },
  { what: 'all CPU profiles merged', files: cpu, options: {} },
  { what: 'hotspots CPU, sample index samples', files: ['hotspots.cpu.1.pb.gz'], options: { sampleIndex: 'samples' } },
  ...['hotspots.heap.pb.gz', 'gobench-regexp.heap.pb.gz'].flatMap((f) => [
    { what: `${f} default sample type`, files: [f], options: {} },
    ...heapTypes.map((t) => ({ what: `${f} ${t}`, files: [f], options: { sampleIndex: t } })),
    { what: `${f} alloc_space by line`, files: [f], options: { sampleIndex: 'alloc_space', lines: true } },
  ]),
  { what: 'two heap profiles merged, inuse_space', files: ['hotspots.heap.pb.gz', 'gobench-regexp.heap.pb.gz'], options: { sampleIndex: 'inuse_space' } },
];

for (const c of cases) {
  test(`flamewatch top --json equals go tool pprof -top: ${c.what}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const paths = c.files.map(fixture);
    const args = ['top', '--json', ...paths];
    if (c.options.sampleIndex) args.push('--sample-index', c.options.sampleIndex);
    if (c.options.lines) args.push('--lines');
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as TopResult;
    assertSameTop(ours, oracleTop(paths, c.options), c.what);
  });
}

test('recursion: main.recurse appears up to 41 times in a stack yet its cum stays within the total', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const path = fixture('hotspots.cpu.1.pb.gz');
  const ours = JSON.parse(runCli(['top', '--json', path]).stdout) as TopResult;
  const recurse = ours.rows.find((r) => r.name === 'main.recurse');
  assert.ok(recurse, 'main.recurse is in the profile');
  assert.ok(recurse.cum <= ours.total && recurse.cumPct <= 100);
  const oracle = oracleTop([path]).rows.find((r) => r.name === 'main.recurse');
  assert.equal(recurse.cum, oracle?.cum);
});

test('-n keeps the first rows and the JSON lists every row otherwise', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const path = fixture('gobench-regexp.cpu.pb.gz');
  const all = JSON.parse(runCli(['top', '--json', path]).stdout) as TopResult;
  const three = JSON.parse(runCli(['top', '--json', '-n', '3', path]).stdout) as TopResult;
  assert.equal(all.rows.length, oracleTop([path]).rows.length);
  assert.deepEqual(three.rows, all.rows.slice(0, 3));
});
