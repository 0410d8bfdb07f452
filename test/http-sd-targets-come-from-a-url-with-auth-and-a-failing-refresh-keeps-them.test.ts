import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoveryStatus, waitForTargets } from './support/discovery-server.js';
import { startFixtureTarget } from './support/fixture-target.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

test('http_sd: target groups from a URL (bearer token from a file), __meta_url, removals within a refresh, a failing refresh keeps the list', async () => {
  const pprof = await startFixtureTarget();
  let answer: { status: number; body: unknown } = {
    status: 200,
    body: [
      { targets: [`127.0.0.1:${pprof.port}`], labels: { zone: 'a' } },
      { targets: [`localhost:${pprof.port}`], labels: { zone: 'b', __meta_rack: 'r7' } },
    ],
  };
  const seen: string[] = [];
  const sd = createServer((req, res) => {
    seen.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== 'Bearer sd-token-123') { res.writeHead(401).end('no'); return; }
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => sd.listen(0, '127.0.0.1', r));
  const sdUrl = `http://127.0.0.1:${(sd.address() as { port: number }).port}/targets`;
  const dir = tempDir('flamewatch-http-sd-');
  writeFileSync(join(dir, 'token'), 'sd-token-123\n');
  writeFileSync(join(dir, 'flamewatch.yaml'), `
scrape_configs:
  - job_name: http
    scrape_interval: 1s
    profiles: [heap]
    http_sd_configs:
      - url: ${sdUrl}
        refresh_interval: 1s
        authorization: { credentials_file: token }
    relabel_configs:
      - { source_labels: [__meta_rack], target_label: rack }
`);
  const server = await startServeProcess({}, ['--config', join(dir, 'flamewatch.yaml')]);
  after(async () => {
    await server.dispose();
    sd.closeAllConnections();
    sd.close();
    await pprof.close();
  });

  const two = await waitForTargets(server.url, (ts) => ts.length === 2 && ts.every((t) => t.health.state === 'up'));
  assert.deepEqual(two.map((t) => t.id).sort(), [`http/127.0.0.1:${pprof.port}`, `http/localhost:${pprof.port}`]);
  for (const t of two) {
    assert.equal(t.source, 'discovery');
    assert.equal(t.discoveredLabels!['__meta_url'], sdUrl);
    assert.equal(t.health.state, 'up', `${t.id}: ${t.health.lastError}`);
  }
  assert.deepEqual(two.find((t) => t.id.startsWith('http/localhost'))!.labels, { zone: 'b', rack: 'r7' });
  assert.ok(seen.every((h) => h === 'Bearer sd-token-123'), 'the token was sent');

  answer = { status: 200, body: [{ targets: [`127.0.0.1:${pprof.port}`], labels: { zone: 'a' } }] };
  const one = await waitForTargets(server.url, (ts) => ts.length === 1);
  assert.deepEqual(one.map((t) => t.id), [`http/127.0.0.1:${pprof.port}`], 'removed within a refresh');

  answer = { status: 500, body: 'database is down' };
  let why: string | null = null;
  for (let i = 0; i < 50 && why === null; i++) {
    why = (await discoveryStatus(server.url))[0]?.lastError ?? null;
    if (why === null) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(why ?? '', /answered status 500/);
  assert.equal((await waitForTargets(server.url, (ts) => ts.length === 1)).length, 1, 'the last good list stays');
});
