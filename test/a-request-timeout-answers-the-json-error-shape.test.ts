import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { testApp } from './support/test-app.js';
import type { TestApp } from './support/test-app.js';

let t: TestApp;
let port = 0;
before(async () => {
  t = await testApp({ requestTimeoutMs: 400 });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as { port: number }).port;
});
after(async () => { await t.dispose(); });

/** Sends `head` and then nothing, and returns everything the server answers until it closes. */
function sendAndStall(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { answer += d; });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

test('a request whose body never arrives is answered 408 FW_REQUEST_TIMEOUT as JSON, not Node\'s bare 408', async () => {
  const answer = await sendAndStall('POST /api/v1/ingest?service=slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\nabc');
  const [head, body] = answer.split('\r\n\r\n') as [string, string];
  assert.match(head, /^HTTP\/1\.1 408 /);
  assert.match(head, /content-type: application\/json/i);
  assert.deepEqual(JSON.parse(body), {
    error: 'FW_REQUEST_TIMEOUT', statusCode: 408,
    message: 'the request was not received in full within the request timeout of 400 ms',
  });
});

test('a malformed request is answered 400 FW_BAD_REQUEST as JSON', async () => {
  const answer = await sendAndStall('GARBAGE\r\n\r\n');
  const [head, body] = answer.split('\r\n\r\n') as [string, string];
  assert.match(head, /^HTTP\/1\.1 400 /);
  assert.equal((JSON.parse(body) as { error: string }).error, 'FW_BAD_REQUEST');
});
