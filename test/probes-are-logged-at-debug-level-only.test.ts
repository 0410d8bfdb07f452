import assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { waitFor } from './support/hotspots.js';
import { startServeProcess } from './support/serve-process.js';

test('requests to /healthz and /metrics are not logged at info level; other requests are', async () => {
  const server = await startServeProcess();
  try {
    const urls: string[] = [];
    createInterface({ input: server.child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { req?: { url?: string } };
        if (entry.req?.url !== undefined) urls.push(entry.req.url);
      } catch { /* not a log line */ }
    });
    for (const path of ['/healthz', '/metrics', '/healthz', '/api/v1/labels']) assert.equal((await fetch(`${server.url}${path}`)).status, 200);
    assert.ok(await waitFor(() => urls.includes('/api/v1/labels'), 10_000), urls.join(', '));
    assert.deepEqual(urls.filter((u) => u === '/healthz' || u === '/metrics'), []);
  } finally {
    await server.dispose();
  }
});
