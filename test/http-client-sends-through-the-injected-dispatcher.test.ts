import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { FlamewatchClient } from '../cli/http-client.js';
import { fixtureBytes, testApp } from './support/test-app.js';

test('the CLI\'s HTTP client sends every request through the injected undici dispatcher and maps errors to the catalogue', async () => {
  const t = await testApp({ tokens: { write: 'tok' } });
  const agent = new Agent();
  const seen: string[] = [];
  const recording: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    seen.push(`${options.method} ${String(options.path).split('?')[0]}`);
    return dispatch(options, handler);
  };
  try {
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const client = new FlamewatchClient({ server: url, token: 'tok', dispatcher: agent.compose(recording) });
    const created = await client.postJson<{ id: string }>('/api/v1/targets', { service: 'api', url: 'http://a:1' });
    const ingested = await client.postBytes<{ type: string }>('/api/v1/ingest', { service: 'api', labels: 'env=prod' }, fixtureBytes('hotspots.cpu.1.pb.gz'));
    assert.equal(ingested.type, 'cpu');
    assert.equal((await client.getJson<unknown[]>('/api/v1/targets')).length, 1);
    await client.delete(`/api/v1/targets/${created.id}`);
    await assert.rejects(client.delete(`/api/v1/targets/${created.id}`), {
      code: 'FW_SERVER_RESPONSE',
      serverCode: 'FW_TARGET_NOT_FOUND',
      message: `server answered DELETE /api/v1/targets/${created.id} with status 404: no target with id "${created.id}"`,
    });
    assert.deepEqual(seen, ['POST /api/v1/targets', 'POST /api/v1/ingest', 'GET /api/v1/targets', `DELETE /api/v1/targets/${created.id}`, `DELETE /api/v1/targets/${created.id}`]);
    const unreachable = new FlamewatchClient({ server: 'http://127.0.0.1:1', dispatcher: agent });
    await assert.rejects(unreachable.getJson('/healthz'), { code: 'FW_SERVER_UNREACHABLE', message: /127\.0\.0\.1:1: ECONNREFUSED/ });
  } finally {
    await agent.close();
    await t.dispose();
  }
});
