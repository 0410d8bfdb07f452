import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';
import { runCli } from './support/run-cli.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

const dir = tempDir('flamewatch-upload-');
after(() => rmSync(dir, { recursive: true, force: true }));

/** `count` small CPU profiles, each with its own values, as files. */
function profileFiles(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    const file = join(dir, `${prefix}-${i}.pb`);
    writeFileSync(file, encodeMessage(cpuProfileMessage({ sample: [{ locationId: [3, 2, 1], value: [i + 1, (i + 1) * 10_000_000] }] })));
    return file;
  });
}

async function storedProfiles(url: string, service: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/types?service=${service}&from=0`);
  return ((await res.json()) as { present: { type: string; profiles: number }[] }).present.find((p) => p.type === 'cpu')?.profiles ?? 0;
}

test('flamewatch upload pushes 5,000 files in one go with the server\'s default limits', { timeout: 180_000 }, async () => {
  const server = await startServeProcess();
  try {
    const files = profileFiles(5_000, 'bulk');
    const res = runCli(['upload', '--server', server.url, '--service', 'bulk', ...files]);
    assert.equal(res.status, 0, res.stderr);
    assert.doesNotMatch(res.stderr, /rate limited/, 'the default limit is never met');
    assert.equal(await storedProfiles(server.url, 'bulk'), 5_000);
  } finally {
    await server.dispose();
  }
});

test('over the limit, upload waits out each 429\'s Retry-After, says so, and stores every file', { timeout: 60_000 }, async () => {
  const server = await startServeProcess({ FLAMEWATCH_WRITE_RATE_LIMIT: '10/1s' });
  try {
    const files = profileFiles(25, 'limited');
    const res = runCli(['upload', '--server', server.url, '--service', 'limited', ...files]);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /rate limited \(429\): retry 1 in \d+\.\ds/);
    assert.equal(await storedProfiles(server.url, 'limited'), 25);
  } finally {
    await server.dispose();
  }
});
