import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

test('targets of the scrape config file are listed by the API, and changing them through it is refused with 409', async () => {
  const dir = tempDir('flamewatch-config-targets-');
  const file = join(dir, 'scrape.yaml');
  writeFileSync(file, [
    'scrape_configs:',
    '  - job_name: checkout',
    '    scrape_interval: 1h',
    '    static_configs:',
    "      - targets: ['127.0.0.5:6060']",
    '        labels: { env: prod }',
  ].join('\n'));
  const server = await startServeProcess({}, ['--config', file]);
  try {
    const created = await fetch(`${server.url}/api/v1/targets`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'api', url: 'http://127.0.0.6:6060' }),
    });
    assert.equal(created.status, 201);
    const listed = await (await fetch(`${server.url}/api/v1/targets`)).json() as { id: string; service: string; labels: Record<string, string>; source: string }[];
    assert.deepEqual(listed.map((t) => [t.service, t.source]).sort(), [['api', 'api'], ['checkout', 'config']]);
    const fromFile = listed.find((t) => t.source === 'config')!;
    assert.equal(fromFile.labels['env'], 'prod');
    assert.equal((await fetch(`${server.url}/api/v1/targets/${encodeURIComponent(fromFile.id)}`)).status, 200);

    const patch = await fetch(`${server.url}/api/v1/targets/${encodeURIComponent(fromFile.id)}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ interval: '30s' }),
    });
    assert.equal(patch.status, 409);
    assert.deepEqual(await patch.json(), {
      error: 'FW_TARGET_FROM_CONFIG_FILE', statusCode: 409,
      message: `target "${fromFile.id}" comes from the scrape config file: change it there and send SIGHUP`,
    });
    const del = await fetch(`${server.url}/api/v1/targets/${encodeURIComponent(fromFile.id)}`, { method: 'DELETE' });
    assert.equal(del.status, 409);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
