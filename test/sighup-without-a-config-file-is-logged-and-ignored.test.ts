import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { waitFor } from './support/hotspots.js';
import { startServeProcess } from './support/serve-process.js';

test('a server started without --config logs SIGHUP in one line and keeps serving', async () => {
  const server = await startServeProcess();
  try {
    const messages: string[] = [];
    createInterface({ input: server.child.stdout! }).on('line', (line) => {
      try { messages.push((JSON.parse(line) as { msg: string }).msg); } catch { /* not a log line */ }
    });
    server.child.kill('SIGHUP');
    assert.ok(await waitFor(() => messages.includes('SIGHUP ignored: no --config file to reload'), 10_000), messages.join('\n'));
    assert.equal(server.child.exitCode, null);
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
  } finally {
    await server.dispose();
  }
});
