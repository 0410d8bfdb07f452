import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'flamewatch-bad-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function assertOneLineRefusal(args: string[], message: RegExp): void {
  const r = runCli(args);
  assert.notEqual(r.status, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, message);
  assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
}

test('a random-bytes "profile" is refused with a message, no stack trace', () => {
  const file = join(dir, 'random.pb');
  writeFileSync(file, randomBytes(4096));
  assertOneLineRefusal(['top', file], /random\.pb: profile is not a valid pprof protobuf: .* \[FW_PROFILE_PROTOBUF_INVALID\]/);
});

test('gzip of random bytes is refused as an invalid profile', () => {
  const file = join(dir, 'random.pb.gz');
  writeFileSync(file, gzipSync(randomBytes(4096)));
  assertOneLineRefusal(['top', '--json', file], /random\.pb\.gz: profile is not a valid pprof protobuf/);
});

test('a truncated gzip file is refused as invalid gzip', () => {
  const file = join(dir, 'cut.pb.gz');
  writeFileSync(file, gzipSync(randomBytes(4096)).subarray(0, 100));
  assertOneLineRefusal(['top', file], /cut\.pb\.gz: profile is not valid gzip/);
});

test('a missing file, an empty file and an unknown sample type are refused in one line', () => {
  assertOneLineRefusal(['top', join(dir, 'nope.pb.gz')], /cannot read .*nope\.pb\.gz: no such file/);
  const file = join(dir, 'empty.pb');
  writeFileSync(file, '');
  assertOneLineRefusal(['top', file], /profile is empty/);
  assertOneLineRefusal(['top', '--sample-index', 'bogus', fixture('hotspots.heap.pb.gz')],
    /sample type "bogus" is not in the profile \(it has: alloc_objects, alloc_space, inuse_objects, inuse_space\)/);
});
