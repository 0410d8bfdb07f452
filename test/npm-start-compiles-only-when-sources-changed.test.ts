import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/fixtures.js';

test('the build step of npm start compiles nothing when no source changed since the last build', () => {
  const compiled = join(repoRoot, 'dist', 'cli', 'main.js');
  const page = join(repoRoot, 'dist', 'ui', 'index.html');
  const before = statSync(compiled).mtimeMs, pageBefore = statSync(page).mtimeMs;
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-if-stale.mjs')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, 'build: server in dist/ is up to date\nbuild: web UI in dist/ is up to date\n');
  assert.equal(statSync(compiled).mtimeMs, before);
  assert.equal(statSync(page).mtimeMs, pageBefore);
});
