import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from './support/fixtures.js';
import { startServeProcess } from './support/serve-process.js';
import type { ServeProcess } from './support/serve-process.js';

let server: ServeProcess;
before(async () => { server = await startServeProcess({ FLAMEWATCH_READ_TOKEN: 'r' }); });
after(async () => { await server?.dispose(); });

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

test('the pages answer index.html with no-cache and a strict CSP, compressed; hashed assets are immutable; other paths keep the JSON 404', async () => {
  for (const page of ['/', '/labels', '/diff', '/heap', '/targets', '/local']) {
    const res = await get(`${page}?query=%7Bservice%3D%22x%22%7D`, { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 200, page);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('content-encoding'), 'br', 'pre-compressed with brotli');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(await res.text(), /<div id="app"><\/div>/, 'fetch decodes br');
  }
  const html = await (await get('/')).text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /<style|style=/, 'no inline style');

  const assets = readdirSync(join(repoRoot, 'dist', 'ui', 'assets')).filter((f) => /\.(js|css)$/.test(f));
  assert.ok(assets.some((f) => f.endsWith('.js')) && assets.some((f) => f.endsWith('.css')));
  for (const file of assets) {
    assert.ok(html.includes(`/assets/${file}`), `${file} is referenced`);
    const res = await get(`/assets/${file}`, { 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(res.headers.get('vary') ?? '', /accept-encoding/);
  }

  for (const path of ['/api/v1/nope', '/nope', '/assets/missing.js']) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.equal((await res.json() as { error: string }).error, 'FW_ROUTE_NOT_FOUND');
  }
  // The UI is open even with a read token (it asks for the token itself); the API is not.
  assert.equal((await get('/api/v1/labels')).status, 401);
  assert.equal((await get('/healthz')).status, 200);
});

