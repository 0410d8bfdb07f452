import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from '../query/format-units.js';
import type { TagsResult } from '../query/tags.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, runGo } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { oracleTags } from './support/oracle-reports.js';
import { filterFlags, runCli } from './support/run-cli.js';

const printed = (x: number) => Number(formatPercent(x).slice(0, -1));

const cases: { file: string; sampleIndex?: string; filters?: OracleFilters }[] = [
  { file: 'hotspots-labels.cpu.pb.gz' },
  { file: 'hotspots-labels.goroutine.pb.gz' },
  { file: 'hotspots-labels.heap.pb.gz', sampleIndex: 'alloc_space' },
  { file: 'hotspots-labels.heap.pb.gz', sampleIndex: 'inuse_objects' },
  { file: 'hotspots-labels.cpu.pb.gz', filters: { focus: 'hashLoop', tagignore: 'tenant=globex' } },
];

for (const c of cases) {
  test(`flamewatch tags equals go tool pprof -tags: ${c.file} ${c.sampleIndex ?? ''} ${JSON.stringify(c.filters ?? {})}`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const path = fixture(c.file);
    const args = ['tags', '--json', path, ...filterFlags(c.filters)];
    if (c.sampleIndex) args.push('--sample-index', c.sampleIndex);
    const r = runCli(args);
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(r.stdout) as TagsResult;
    const opts = { sampleIndex: c.sampleIndex, filters: c.filters };
    const exact = oracleTags([path], opts);
    const named = oracleTags([path], { ...opts, unit: 'minimum' });
    assert.ok(exact.length > 0, 'the profile has labels');
    assert.deepEqual(ours.keys.map((k) => k.key), exact.map((k) => k.key), 'keys');
    ours.keys.forEach((k, i) => {
      assert.equal(k.total, exact[i]!.total, `${k.key} total`);
      assert.deepEqual(k.values.map((v) => [v.value, v.total, printed(v.pct)]),
        named[i]!.values.map((v, j) => [v.value, exact[i]!.values[j]!.total, v.pct]), `${k.key} values`);
    });
  });
}

test('flamewatch tags prints the text go tool pprof -tags prints', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  for (const file of ['hotspots-labels.cpu.pb.gz', 'hotspots-labels.heap.pb.gz']) {
    const r = runCli(['tags', fixture(file)]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, runGo(['tool', 'pprof', '-symbolize=none', '-tags', fixture(file)]), file);
  }
});
