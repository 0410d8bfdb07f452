import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { formatPercent } from '../query/format-units.js';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { pathWith } from './support/ui-time.js';

const skip = browserSkipReason();
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi(); });
after(async () => { await ui?.dispose(); });

test('"/" focuses the search; typing a function highlights it, prints its share of the total and filters the table', { skip }, async () => {
  const params = { query: '{service="shop"}', type: 'cpu', ...ui.window };
  const w = await ui.open(pathWith('/', params));
  const { page } = w;
  const table = page.getByRole('table', { name: /Top functions/ });
  await table.getByText('main.hashLoop').waitFor();

  await page.keyboard.press('/');
  await page.keyboard.type('hashLoop');
  const top = await (await fetch(`${ui.server.url}/api/v1/top?${new URLSearchParams(params)}`)).json() as { rows: { name: string; cumPct: number }[] };
  const cumPct = top.rows.find((r) => r.name === 'main.hashLoop')!.cumPct;
  const share = page.getByRole('status').filter({ hasText: /matching frames? \(/ });
  await share.waitFor();
  assert.equal(await share.innerText(), `1 matching frame (main.hashLoop): ${formatPercent(cumPct)} of the total`);

  assert.equal(await table.getByRole('row').count(), 2, 'the header and the one matching row');
  assert.match(await table.getByRole('row').nth(1).innerText(), /main\.hashLoop/);
  assert.match(await table.locator('caption').innerText(), /1 of \d+ rows match the search/);
  await w.screenshot('explore-search-hashloop');

  await page.getByLabel(/^search/).fill('/^main\\.(hashLoop|recurse)$/');
  await page.getByRole('status').filter({ hasText: /matching frames \(main\.hashLoop, main\.recurse\)/ }).waitFor();
  assert.equal(await table.getByRole('row').count(), 3);
  assert.deepEqual(w.problems(), []);
});
