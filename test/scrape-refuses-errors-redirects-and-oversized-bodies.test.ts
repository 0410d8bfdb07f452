import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import { Agent } from 'undici';
import { fetchBody } from '../collector/scrape-http.js';

let server: Server;
let base = '';
const agent = new Agent({ connect: { timeout: 1000 } });

before(async () => {
  server = createServer((req, res) => {
    switch (req.url) {
      case '/ok': res.end('profile-bytes'); return;
      case '/error': res.writeHead(500).end('Could not enable CPU profiling: cpu profiling already in use\n' + 'x'.repeat(1000)); return;
      case '/redirect': res.writeHead(302, { location: '/ok' }).end(); return;
      case '/declared': res.writeHead(200, { 'content-length': String(2 << 20) }).end(Buffer.alloc(2 << 20)); return;
      case '/streamed': {
        res.writeHead(200);
        let sent = 0;
        const push = () => { if (sent >= 4 << 20 || res.destroyed) { res.end(); return; } sent += 64 << 10; res.write(Buffer.alloc(64 << 10), push); };
        push();
        return;
      }
      case '/silent': return;
      default: res.writeHead(404).end('404 page not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

after(async () => {
  await agent.close();
  server.closeAllConnections();
  server.close();
});

const opts = { timeoutMs: 500, maxBytes: 1 << 20 };

test('a scrape fails on non-200 with the status and a short excerpt, follows no redirect, and caps the body', async () => {
  assert.equal(Buffer.from((await fetchBody(agent, `${base}/ok`, opts)).bytes).toString(), 'profile-bytes');
  await assert.rejects(fetchBody(agent, `${base}/error`, opts), (err: Error & { code: string }) => {
    assert.equal(err.code, 'FW_SCRAPE_STATUS');
    assert.match(err.message, /status 500: Could not enable CPU profiling/);
    assert.ok(err.message.length < 400, 'excerpt is short');
    return true;
  });
  await assert.rejects(fetchBody(agent, `${base}/redirect`, opts), /status 302/);
  await assert.rejects(fetchBody(agent, `${base}/declared`, opts), { code: 'FW_PROFILE_COMPRESSED_TOO_LARGE' });
  await assert.rejects(fetchBody(agent, `${base}/streamed`, opts), { code: 'FW_PROFILE_COMPRESSED_TOO_LARGE' });
  assert.equal(Buffer.from((await fetchBody(agent, `${base}/ok`, opts)).bytes).toString(), 'profile-bytes', 'the pool still works');
});

test('a scrape times out at its deadline, and an unreachable target fails with the cause', async () => {
  const t0 = performance.now();
  await assert.rejects(fetchBody(agent, `${base}/silent`, opts), { code: 'FW_SCRAPE_TIMEOUT', message: /timed out after 500 ms/ });
  const took = performance.now() - t0;
  assert.ok(took >= 450 && took < 1500, `took ${took} ms`);
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as { port: number }).port;
  closed.close();
  await assert.rejects(fetchBody(agent, `http://127.0.0.1:${port}/x`, opts), { code: 'FW_SCRAPE_FAILED', message: /ECONNREFUSED/ });
});
