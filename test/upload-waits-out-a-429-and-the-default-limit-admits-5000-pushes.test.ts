import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';
import { runCli } from './support/run-cli.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';
import { testApp } from './support/test-app.js';

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

test('the default write limit admits 5,000 pushes from one client in one go, as an upload of 5,000 files makes', { timeout: 120_000 }, async () => {
  const t = await testApp();
  try {
    const body = Buffer.from(encodeMessage(cpuProfileMessage()));
    let accepted = 0;
    for (let i = 0; i < 5_000; i++) {
      const res = await t.app.inject({
        method: 'POST', url: `/api/v1/ingest?service=bulk&at=now-${i}s`, payload: body, headers: { 'content-type': 'application/octet-stream' },
      });
      if (res.statusCode === 201) accepted++;
      else assert.fail(`push ${i}: ${res.statusCode} ${res.body}`);
    }
    assert.equal(accepted, 5_000);
  } finally {
    await t.dispose();
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
