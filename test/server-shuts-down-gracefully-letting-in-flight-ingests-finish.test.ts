import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { windowStacks } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { startServeProcess } from './support/serve-process.js';
import { fixtureBytes } from './support/test-app.js';

/** Starts an ingest, sends the first half of the body, and returns a way to send the rest and read the answer. */
function halfSentIngest(url: string, body: Buffer): Promise<{ finish(): Promise<{ status: number; text: string }> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/ingest?service=api&at=now-1m`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': body.length },
    });
    const answer = new Promise<{ status: number; text: string }>((done, fail) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => { text += d.toString(); });
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
    });
    req.on('error', reject);
    req.write(body.subarray(0, body.length >> 1), () => resolve({
      finish: async () => {
        req.end(body.subarray(body.length >> 1));
        return answer;
      },
    }));
  });
}

test('SIGTERM stops accepting, lets an in-flight ingest finish, closes the database and exits 0', async () => {
  const server = await startServeProcess();
  try {
    const body = fixtureBytes('hotspots.cpu.1.pb.gz');
    const inFlight = await halfSentIngest(server.url, body);
    await new Promise((r) => setTimeout(r, 200));
    const exit = server.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await assert.rejects(fetch(`${server.url}/healthz`), 'new connections are refused once shutting down');
    const answer = await inFlight.finish();
    assert.equal(answer.status, 201, answer.text);
    assert.equal(await exit, 0);

    const stores = openSqliteStore(server.dbPath);
    try {
      const now = Date.now();
      const stored = await windowStacks(stores.profiles, { selector: '{service="api"}', type: 'cpu', fromMs: now - 3_600_000, toMs: now }, 'function');
      assert.equal(stored.profiles, 1, 'the ingest that was in flight is stored');
    } finally {
      stores.close();
    }
  } finally {
    await server.dispose();
  }
});
