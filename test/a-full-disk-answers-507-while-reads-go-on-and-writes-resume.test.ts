import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { test } from 'node:test';
import { Agent } from 'undici';
import { buildApp } from '../api/app.js';
import { resolveLimits } from '../codec/limits.js';
import { encodeProfile } from '../codec/encode.js';
import { Collector } from '../collector/collector.js';
import { resolveTarget } from '../config/target.js';
import { waitFor } from './support/hotspots.js';
import { NOW } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';
import { integrityOf, loadFixture, tempStore, varied } from './support/temp-store.js';

const MINUTE = 60_000;

test('past the database cap, ingest and scrapes get 507 FW_STORAGE_FULL, reads go on, /healthz is degraded, and writes resume once space returns', { timeout: 60_000 }, async () => {
  const store = tempStore({ maxDatabaseBytes: 1 << 20 });
  const app = buildApp({ store: store.profiles, metadata: store.metadata, limits: resolveLimits(), tokens: {}, now: () => NOW });
  const base = loadFixture('gobench-regexp.cpu.pb.gz');
  let served = 0;
  const server: Server = createServer((_req, res) => { res.end(encodeProfile(varied(base, 10_000 + served++))); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const agent = new Agent();
  const collector = new Collector({ profiles: store.profiles, records: store.metadata, dispatcher: agent });
  const push = (i: number) => app.inject({
    method: 'POST', url: `/api/v1/ingest?service=batch&at=${NOW - (500 - i) * MINUTE}`,
    payload: Buffer.from(encodeProfile(varied(base, i))), headers: { 'content-type': 'application/octet-stream' },
  });
  const profilesInWindow = async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/top?service=batch&type=cpu&from=${NOW - 600 * MINUTE}&to=${NOW}&limit=1` });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { profiles: number }).profiles;
  };
  const health = async () => (await app.inject({ method: 'GET', url: '/healthz' })).json() as { status: string; problems?: string[] };
  try {
    // The space is taken directly through the store (quicker), then a push through the API finds it full.
    let acked = 0;
    for (; acked < 1000; acked++) {
      try {
        store.profiles.ingest({ profile: varied(base, acked), labels: { service: 'batch' }, timeMs: NOW - (500 - acked) * MINUTE });
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'FW_STORAGE_FULL', String(err));
        break;
      }
    }
    const refused = await push(acked);
    assert.equal(refused.statusCode, 507, refused.body);
    const full = refused.json() as ErrorBody;
    assert.equal(full.error, 'FW_STORAGE_FULL');
    assert.match(full.message, /the database reached its cap of 1048576 bytes \(maxDatabaseBytes\)/);
    assert.ok(acked > 100 && acked < 1000, `${acked} profiles stored before the cap`);

    assert.equal(await profilesInWindow(), acked, 'reads go on, and every acknowledged profile is there, the refused one not');
    const degraded = await health();
    assert.equal(degraded.status, 'degraded');
    assert.match(degraded.problems?.[0] ?? '', /storage full: the database reached its cap/);
    assert.equal(integrityOf(store.path), 'ok');

    const target = { id: 'scraped', ...resolveTarget({
      service: 'scraped', url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, intervalMs: 2000, timeoutMs: 1000,
      profiles: ['cpu'], cpuSeconds: 1, source: 'api',
    }) };
    collector.upsert(target);
    collector.start();
    assert.ok(await waitFor(() => /FW_STORAGE_FULL|storage is full/.test(collector.health('scraped')?.lastError ?? ''), 10_000),
      `scrape error: ${collector.health('scraped')?.lastError}`);

    // Space returns: retention deletes the older half of the profiles and gives their pages back.
    store.profiles.retain(NOW - 250 * MINUTE);
    const after = await push(1000);
    assert.equal(after.statusCode, 201, after.body);
    assert.equal((await health()).status, 'ok');
    assert.ok(await waitFor(() => collector.health('scraped')?.state === 'up', 10_000), 'scrapes resume by themselves');
    assert.equal(integrityOf(store.path), 'ok');
  } finally {
    await collector.stop();
    await agent.close();
    server.close();
    await app.close();
    store.dispose();
  }
});
