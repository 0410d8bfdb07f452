import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CallGraphView } from '../query/call-graph.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleFilterArgs, runGo } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { oracleDot, parseDot } from './support/oracle-reports.js';
import type { DotGraph } from './support/oracle-reports.js';
import { filterFlags, runCli } from './support/run-cli.js';

/** Our graph in the shape parsed from pprof's DOT. */
function asDotGraph(view: CallGraphView): DotGraph {
  const names = new Map(view.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: new Map(view.nodes.map((n) => [n.name, { flat: n.flat, cum: n.cum }])),
    edges: new Map(view.edges.map((e) => [`${names.get(e.from)} -> ${names.get(e.to)}`, { weight: e.weight, residual: e.residual, inline: e.inline }])),
  };
}

const sorted = <V>(m: Map<string, V>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

const cases: { file: string; sampleIndex?: string; filters?: OracleFilters; lines?: boolean }[] = [
  { file: 'hotspots-labels.cpu.pb.gz' },
  { file: 'gobench-regexp.cpu.pb.gz' },
  { file: 'gobench-regexp.heap.pb.gz' },
  { file: 'hotspots-labels.heap.pb.gz', sampleIndex: 'alloc_space' },
  { file: 'hotspots-labels.goroutine.pb.gz' },
  { file: 'gobench-regexp.cpu.pb.gz', lines: true },
  { file: 'gobench-regexp.cpu.pb.gz', filters: { focus: 'Match', hide: 'runtime\\.' } },
];

for (const c of cases) {
  test(`flamewatch graph has the nodes, values and edges of go tool pprof -dot: ${c.file} ${c.sampleIndex ?? ''}${c.lines ? ' by line' : ''} ${JSON.stringify(c.filters ?? {})}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const path = fixture(c.file);
    const args = ['graph', '--format', 'json', path, ...filterFlags(c.filters)];
    if (c.sampleIndex) args.push('--sample-index', c.sampleIndex);
    if (c.lines) args.push('--lines');
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = asDotGraph(JSON.parse(r.stdout) as CallGraphView);
    const oracle = oracleDot([path], { sampleIndex: c.sampleIndex, filters: c.filters, lines: c.lines });
    assert.ok(oracle.nodes.size > 0);
    assert.deepEqual(sorted(ours.nodes), sorted(oracle.nodes), 'nodes, flat and cum');
    assert.deepEqual(sorted(ours.edges), sorted(oracle.edges), 'edges and weights');
  });
}

/** The legend's Time line is in the local time zone, which Go and Node name differently outside UTC. */
const withoutTime = (dot: string) => dot.replace(/\\lTime: [^\\]*/, '');

test('flamewatch graph writes the DOT go tool pprof -dot writes, label nodelets included', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const cases: [string, OracleFilters][] = [['gobench-regexp.heap.pb.gz', {}], ['hotspots-labels.cpu.pb.gz', {}], ['gobench-regexp.cpu.pb.gz', { focus: 'Match' }]];
  for (const [file, filters] of cases) {
    const dot = runCli(['graph', fixture(file), ...filterFlags(filters)]);
    assert.equal(dot.status, 0, dot.stderr);
    const pprof = runGo(['tool', 'pprof', '-symbolize=none', '-dot', ...oracleFilterArgs(filters), fixture(file)]);
    assert.equal(withoutTime(dot.stdout), withoutTime(pprof), file);
  }
});

test('the DOT output has the nodes and edges of the JSON, and renders to SVG with Graphviz', (t) => {
  const path = fixture('gobench-regexp.cpu.pb.gz');
  const view = JSON.parse(runCli(['graph', '--json', path]).stdout) as CallGraphView;
  const dot = runCli(['graph', path]);
  assert.equal(dot.status, 0, dot.stderr);
  const parsed = parseDot(dot.stdout, false);
  assert.deepEqual([...parsed.nodes.keys()].sort(), view.nodes.map((n) => n.name).sort());
  assert.equal(parsed.edges.size, view.edges.length);
  if (spawnSync('dot', ['-V']).error !== undefined) { t.skip('Graphviz (dot) is not installed'); return; }
  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-graph-'));
  try {
    const out = join(dir, 'out.svg');
    const r = runCli(['graph', '--format', 'svg', '-o', out, path]);
    assert.equal(r.status, 0, r.stderr);
    const svg = readFileSync(out, 'utf8');
    assert.match(svg, /<svg[\s\S]*<\/svg>\s*$/);
    assert.ok(svg.includes('regexp.(*machine).add'), 'the hottest node is drawn');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
