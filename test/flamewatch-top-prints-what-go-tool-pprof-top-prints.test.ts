import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fixture, peerProfile } from './support/fixtures.js';
import { goAvailable } from './support/oracle.js';
import { runCli } from './support/run-cli.js';

/** Both sides print times in the same zone. */
const env = { ...process.env, TZ: 'UTC' };

/** pprof flags and the same as flamewatch top flags, on real profiles: CPU with inlined frames, heap sample types, lines, merges, trims. */
const cases: [string[], string[]][] = [
  [[fixture('hotspots.cpu.1.pb.gz')], []],
  [['-lines', fixture('hotspots.cpu.1.pb.gz')], ['--lines']],
  [['-sample_index=inuse_space', fixture('hotspots.heap.pb.gz')], ['--sample-index', 'inuse_space']],
  [['-sample_index=alloc_objects', fixture('gobench-regexp.heap.pb.gz')], ['--sample-index', 'alloc_objects']],
  [['-lines', fixture('gobench-regexp.heap.pb.gz')], ['--lines']],
  [[fixture('hotspots.cpu.1.pb.gz'), fixture('hotspots.cpu.2.pb.gz'), fixture('hotspots-b.cpu.pb.gz')], []],
  [['-nodecount=7', fixture('gobench-regexp.cpu.pb.gz')], ['-n', '7']],
  [['-nodefraction=0.02', '-edgefraction=0.01', fixture('gobench-regexp.cpu.pb.gz')], ['--nodefraction', '0.02', '--edgefraction', '0.01']],
  [['-sample_index=wall', fixture('node-wall.pb.gz')], ['--sample-index', 'wall']],
];

test('flamewatch top prints byte for byte what go tool pprof -top prints for the same files and flags', (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const all = [...cases];
  all.push([[peerProfile('java.cpu.pb')], []], [[peerProfile('cppbench.cpu.pb')], []]);
  for (const [pprofArgs, ourFlags] of all) {
    const files = pprofArgs.filter((a) => !a.startsWith('-'));
    const expected = execFileSync('go', ['tool', 'pprof', '-top', '-symbolize=none', ...pprofArgs], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const ours = runCli(['top', ...ourFlags, ...files], { TZ: 'UTC' });
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(ours.stdout, expected, `go tool pprof -top ${pprofArgs.join(' ')}`);
  }
});
