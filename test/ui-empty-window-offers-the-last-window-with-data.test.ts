import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { isoTime, pathWith } from './support/ui-time.js';

const skip = browserSkipReason();
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi(); });
after(async () => { await ui?.dispose(); });

test('a window without profiles says so and offers the last window that has data', { skip }, async () => {
  const empty = { from: isoTime(ui.startedAt - 5 * 3_600_000), to: isoTime(ui.startedAt - 4 * 3_600_000) };
  const w = await ui.open(pathWith('/', { query: '{service="shop"}', type: 'cpu', ...empty }));
  const { page } = w;
  await page.getByRole('heading', { name: 'No cpu profiles in this window' }).waitFor();
  await w.screenshot('explore-empty-window');
  await page.getByRole('link', { name: 'show the hour up to it' }).click();
  await page.getByRole('table', { name: /Top functions/ }).getByText('main.newHotPath').waitFor();
  assert.notEqual(new URL(page.url()).searchParams.get('from'), empty.from);
  assert.deepEqual(w.problems(), []);
});

test('with nothing stored for the selector, the empty state teaches how to get profiles in', { skip }, async () => {
  const w = await ui.open(pathWith('/', { query: '{service="nothing-here"}', type: 'cpu' }));
  await w.page.getByText('Nothing is stored for this selector in the last 30 days').waitFor();
  assert.ok(await w.page.getByRole('link', { name: 'add a scrape target' }).isVisible());
  assert.ok(await w.page.getByRole('link', { name: 'open local pprof files' }).isVisible());
  assert.deepEqual(w.problems(), []);
});
