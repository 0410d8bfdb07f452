import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { pathWith } from './support/ui-time.js';

const skip = browserSkipReason();
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi(); });
after(async () => { await ui?.dispose(); });

test('an API error is shown with the API\'s own message and code, never a blank page', { skip }, async () => {
  const w = await ui.open(pathWith('/', { query: '{service="shop"', type: 'cpu' }));
  const { page } = w;
  w.expect(/Failed to load resource: the server responded with a status of 400/);
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the top table' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /invalid parameter "query": invalid selector at position \d+: expected .* \[FW_PARAMETER_INVALID\]/);
  assert.ok(await page.getByRole('navigation', { name: 'pages' }).isVisible());
  await w.screenshot('explore-api-error');

  await page.getByLabel('from').first().fill('yesterday');
  await page.getByRole('button', { name: 'Apply' }).click();
  assert.match(await page.getByRole('alert').filter({ hasText: 'yesterday' }).innerText(), /"yesterday" is not a time/);
  assert.deepEqual(w.problems(), []);
});
