import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

test('flamewatch upload uploads every good file, reports each bad one at the end and exits 1', async () => {
  const server = await startServeProcess();
  const dir = tempDir('flamewatch-upload-');
  try {
    const notAProfile = join(dir, 'notes.txt');
    writeFileSync(notAProfile, 'not a profile');
    const missing = join(dir, 'missing.pb.gz');
    const files = [fixture('hotspots.cpu.1.pb.gz'), missing, notAProfile, fixture('hotspots.cpu.2.pb.gz')];
    const run = runCli(['upload', '--server', server.url, '--service', 'batch', ...files]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, 'uploaded 2 files (2 profiles)\n');
    const [summary, first, second, ...rest] = run.stderr.split('\n');
    assert.equal(summary, 'flamewatch: 2 of 4 files failed:');
    assert.equal(first, `  cannot read ${missing}: no such file`);
    assert.match(second!, new RegExp(`^  ${notAProfile}: server answered POST /api/v1/ingest with status 400: .+ \\[FW_PROFILE_[A-Z_]+\\]$`));
    assert.deepEqual(rest, ['']);
    // The two good files were stored; uploading them again stores nothing new.
    const top = (await (await fetch(`${server.url}/api/v1/top?service=batch&type=samples&from=2000-01-01T00:00:00Z`)).json()) as { profiles: number };
    assert.equal(top.profiles, 2);
    const again = runCli(['upload', '--server', server.url, '--service', 'batch', files[0]!, files[3]!]);
    assert.equal(again.status, 0, again.stderr);
    const after = (await (await fetch(`${server.url}/api/v1/top?service=batch&type=samples&from=2000-01-01T00:00:00Z`)).json()) as { profiles: number };
    assert.equal(after.profiles, 2);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
