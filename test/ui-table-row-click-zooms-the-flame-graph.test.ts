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

test('a top table row click zooms the flame graph to that function, puts it in the URL and shows its lines; Backspace goes up, Esc resets', { skip }, async () => {
  const w = await ui.open(pathWith('/', { query: '{service="shop"}', type: 'cpu', ...ui.window }));
  const { page } = w;
  const zoomPath = page.getByRole('navigation', { name: 'zoom path' });
  await zoomPath.getByText('total').waitFor();

  await page.getByRole('table', { name: /Top functions/ }).getByRole('row', { name: /main\.parseLoop/ }).click();
  const current = zoomPath.locator('[aria-current="location"]');
  await current.filter({ hasText: 'main.parseLoop' }).waitFor();
  assert.match(await zoomPath.innerText(), /^total › runtime\.main › main\.main › .* › main\.parseLoop$/);
  assert.equal(new URL(page.url()).searchParams.get('focus'), 'main.parseLoop');
  const lines = page.getByRole('table', { name: 'Lines of main.parseLoop' });
  await lines.waitFor();
  assert.match(await lines.innerText(), /main\.go:\d+/);
  await w.screenshot('explore-zoomed-parseloop');

  await page.keyboard.press('Backspace');
  await current.filter({ hasText: /^main\.round$/ }).waitFor();
  await page.keyboard.press('Escape');
  await current.filter({ hasText: /^total$/ }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('focus'), null);

  // A shared link with focus= opens zoomed.
  const shared = await ui.open(pathWith('/', { query: '{service="shop"}', type: 'cpu', focus: 'main.recurse', ...ui.window }));
  await shared.page.getByRole('navigation', { name: 'zoom path' }).locator('[aria-current="location"]').filter({ hasText: 'main.recurse' }).waitFor();
  assert.deepEqual([...w.problems(), ...shared.problems()], []);
});
