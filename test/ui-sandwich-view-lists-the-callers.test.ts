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

test('the sandwich view of a function lists its callers above and its callees below; the inverted graph starts from leaf functions', { skip }, async () => {
  const w = await ui.open(pathWith('/', { query: '{service="shop"}', type: 'cpu', ...ui.window }));
  const { page } = w;
  await page.getByRole('table', { name: /Top functions/ }).getByRole('row', { name: /main\.isDigit/ }).click();
  await page.getByRole('tab', { name: 'Sandwich' }).click();

  const callers = page.getByRole('table', { name: 'Callers of main.isDigit' });
  await callers.waitFor();
  const rows = await callers.getByRole('row').allInnerTexts();
  assert.equal(rows.length, 2, rows.join('\n'));
  assert.match(rows[1]!, /^930ms\s+10\.32%\s+main\.parseLoop$/);
  assert.match(await page.getByRole('table', { name: 'Callees of main.isDigit' }).innerText(), /none/);
  await page.getByRole('img', { name: /^Callers of main\.isDigit/ }).waitFor();
  await w.screenshot('explore-sandwich-isdigit');

  await page.getByRole('table', { name: /Top functions/ }).getByRole('row', { name: /main\.parseLoop/ }).click();
  const parseCallers = page.getByRole('table', { name: 'Callers of main.parseLoop' });
  await parseCallers.waitFor();
  assert.match(await page.getByRole('table', { name: 'Callees of main.parseLoop' }).innerText(), /main\.isDigit/);

  await page.getByRole('tab', { name: /Inverted/ }).click();
  await page.keyboard.press('Escape');
  const inverted = page.getByRole('img', { name: /^Inverted flame graph of cpu/ });
  await inverted.focus();
  await page.keyboard.press('ArrowDown');
  // Bottom-up, the first frame under the root is the function with the most flat time.
  assert.match(await page.getByRole('status').filter({ hasText: /^Selected:/ }).innerText(), /^Selected: main\.hashLoop, total 3\.62s \(40\.18%\)/);
  assert.deepEqual(w.problems(), []);
});
