import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';

const skip = browserSkipReason();
const TOKEN = 'ui-test-token';
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi({ empty: true, env: { FLAMEWATCH_TOKEN: TOKEN } }); });
after(async () => { await ui?.dispose(); });

test('the targets page teaches how to add a target, adds one after asking for the token, edits it and removes it', { skip }, async () => {
  const w = await ui.open('/targets');
  const { page } = w;
  w.expect(/Failed to load resource: the server responded with a status of 401/);
  await page.getByRole('heading', { name: 'No targets yet' }).waitFor();
  assert.match(await page.getByText('scrape_configs:').innerText(), /static_configs/);

  await page.getByLabel('service').fill('checkout');
  await page.getByLabel('URL').fill('http://127.0.0.1:9');
  await page.getByLabel('labels').fill('env=test, version=v1');
  await page.getByLabel('interval').fill('1m');
  await page.getByRole('button', { name: 'Add target' }).click();

  const dialog = page.getByRole('dialog', { name: 'This server needs a token' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /write access needs "Authorization: Bearer <token>"/);
  await dialog.getByLabel('token').fill(TOKEN);
  await dialog.getByRole('button', { name: 'Use token' }).click();

  const table = page.getByRole('table', { name: /targets; health from the collector/ });
  const row = table.getByRole('row', { name: /checkout/ });
  await row.waitFor();
  assert.match(await row.innerText(), /checkout\s+http:\/\/127\.0\.0\.1:9\s+env=test, version=v1\s+1m\s+cpu, heap\s+(unknown|down|up)/);
  const listed = await (await fetch(`${ui.server.url}/api/v1/targets`)).json() as { service: string; labels: Record<string, string> }[];
  assert.deepEqual(listed.map((t) => [t.service, t.labels]), [['checkout', { env: 'test', version: 'v1' }]]);

  await row.getByRole('button', { name: /^Edit checkout/ }).click();
  await page.getByLabel('labels').nth(1).fill('env=test, version=v2');
  await page.getByRole('button', { name: 'Save checkout' }).click();
  await table.getByRole('row', { name: /version=v2/ }).waitFor();
  await w.screenshot('targets-one-target');

  page.once('dialog', (d) => { void d.accept(); });
  await table.getByRole('button', { name: /^Remove checkout/ }).click();
  await page.getByRole('heading', { name: 'No targets yet' }).waitFor();
  assert.deepEqual(await (await fetch(`${ui.server.url}/api/v1/targets`)).json(), []);
  assert.deepEqual(w.problems(), []);
});
