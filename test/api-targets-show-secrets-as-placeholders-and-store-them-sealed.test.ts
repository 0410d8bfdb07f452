import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { buildApp } from '../api/app.js';
import { resolveLimits } from '../codec/limits.js';
import { tempStore } from './support/temp-store.js';

const PASSWORD = 'hunter2-but-longer-and-unique';
const TOKEN = 'tok-9f8e7d6c5b4a-unique';

test('API targets show secrets as <secret>, keep them across PATCH and restarts, and the database never holds them in clear', async () => {
  const stores = tempStore();
  const open = () => buildApp({ store: stores.profiles, metadata: stores.metadata, limits: resolveLimits(), tokens: {} });
  let app = open();
  try {
    const created = await app.inject({
      method: 'POST', url: '/api/v1/targets',
      payload: {
        service: 'api', url: 'https://127.0.0.1:6060', basicAuth: { username: 'scraper', password: PASSWORD },
        params: { debug: '0' }, tls: { caFile: '/etc/ssl/ca.pem', serverName: 'api.internal' },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json() as { id: string; basicAuth: unknown; params: unknown; tls: unknown };
    assert.deepEqual(view.basicAuth, { username: 'scraper', password: '<secret>' });
    assert.deepEqual(view.params, { debug: ['0'] });
    assert.deepEqual(view.tls, { caFile: '/etc/ssl/ca.pem', serverName: 'api.internal' });
    assert.ok(!created.body.includes(PASSWORD));

    // Sending the placeholder back (a client round-tripping the view) keeps the stored password.
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/targets/${view.id}`, payload: { basicAuth: { username: 'scraper2', password: '<secret>' } } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(stores.metadata.getTarget(view.id)!.basicAuth!.password, PASSWORD, 'the collector still gets the password');

    const second = await app.inject({
      method: 'POST', url: '/api/v1/targets', payload: { service: 'b', url: 'http://127.0.0.1:6061', authorization: { credentials: TOKEN } },
    });
    assert.deepEqual((second.json() as { authorization: unknown }).authorization, { type: 'Bearer', credentials: '<secret>' });
    const list = await app.inject({ method: 'GET', url: '/api/v1/targets' });
    assert.ok(!list.body.includes(PASSWORD) && !list.body.includes(TOKEN));

    // A password file cannot be set through the API: the server would send the file's content.
    const file = await app.inject({ method: 'POST', url: '/api/v1/targets', payload: { service: 'c', url: 'http://127.0.0.1:1', basicAuth: { username: 'u', passwordFile: '/etc/shadow' } } });
    assert.equal(file.statusCode, 400);
    assert.match(file.body, /passwordFile\\": is not a known field/);

    await app.close();
    stores.reopen();
    app = open();
    const again = await app.inject({ method: 'GET', url: `/api/v1/targets/${view.id}` });
    assert.deepEqual((again.json() as { basicAuth: unknown }).basicAuth, { username: 'scraper2', password: '<secret>' });
    assert.equal(stores.metadata.getTarget(view.id)!.basicAuth!.password, PASSWORD, 'opened after a restart');

    const removed = await app.inject({ method: 'PATCH', url: `/api/v1/targets/${view.id}`, payload: { basicAuth: null } });
    assert.equal((removed.json() as { basicAuth?: unknown }).basicAuth, undefined, 'null removes the auth');
  } finally {
    await app.close();
    stores.close();
  }
  const folder = dirname(stores.path);
  for (const name of readdirSync(folder)) {
    const bytes = readFileSync(join(folder, name)).toString('latin1');
    assert.ok(!bytes.includes(PASSWORD) && !bytes.includes(TOKEN), `${name} holds no secret in clear`);
  }
  assert.ok(readdirSync(folder).includes('flamewatch.db.key'), 'the sealing key is a file of its own');
  stores.dispose();
});
