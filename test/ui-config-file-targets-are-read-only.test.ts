import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchBrowser, openPage } from './support/ui-browser.js';
import { startServeProcess } from './support/serve-process.js';
import type { ServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

const skip = browserSkipReason();
const dir = tempDir('flamewatch-ui-config-');
let server: ServeProcess;
let browser: Browser;
before(async () => {
  if (skip) return;
  const config = join(dir, 'scrape.yaml');
  writeFileSync(config, [
    'scrape_configs:',
    '  - job_name: payments',
    '    scrape_interval: 1m',
    '    static_configs:',
    "      - targets: ['127.0.0.1:9']",
    '        labels: { env: test }',
  ].join('\n'));
  server = await startServeProcess({}, ['--config', config]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('targets of the scrape config file are listed read-only, without edit or remove buttons', { skip }, async () => {
  const w = await openPage(browser, server.url);
  await w.page.goto('/targets');
  const row = w.page.getByRole('table', { name: /targets; health from the collector/ }).getByRole('row', { name: /payments/ });
  await row.waitFor();
  assert.match(await row.innerText(), /payments\s+http:\/\/127\.0\.0\.1:9\s+env=test\s+1m/);
  assert.match(await row.innerText(), /config file \(read-only\)/);
  assert.equal(await row.getByRole('button').count(), 0);
  await w.screenshot('targets-config-file');
  assert.deepEqual(w.problems(), []);
  await w.close();
});
