import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import type { OracleOptions } from './support/oracle.js';
import { runCli } from './support/run-cli.js';

const cases: [string, string[], OracleOptions[]][] = [
  ['CPU', ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots-b.cpu.pb.gz', 'gobench-regexp.cpu.pb.gz'], [{}, { lines: true }, { sampleIndex: 'samples' }]],
  ['heap', ['hotspots.heap.pb.gz', 'gobench-regexp.heap.pb.gz'], [{ sampleIndex: 'alloc_space' }, { sampleIndex: 'inuse_objects', lines: true }, {}]],
];

for (const [what, names, optionSets] of cases) {
  test(`flamewatch merge of ${what} profiles opens in go tool pprof with the -top of the inputs`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const dir = mkdtempSync(join(tmpdir(), 'flamewatch-merge-'));
    try {
      const out = join(dir, 'merged.pb.gz');
      const files = names.map(fixture);
      const r = runCli(['merge', '-o', out, ...files]);
      assert.equal(r.status, 0, r.stderr);
      for (const options of optionSets) {
        assert.deepEqual(oracleTop([out], options), oracleTop(files, options), JSON.stringify(options));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('merging a CPU and a heap profile is refused naming both sample type lists', () => {
  const r = runCli(['merge', '-o', join(tmpdir(), 'never-written.pb.gz'), fixture('hotspots.cpu.1.pb.gz'), fixture('hotspots.heap.pb.gz')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /cannot combine profiles with different sample types: \[samples\/count, cpu\/nanoseconds\] vs \[alloc_objects\/count/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
