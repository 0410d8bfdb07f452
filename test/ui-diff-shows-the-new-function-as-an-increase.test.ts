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

test('the diff of version v1 against v2 shows main.newHotPath, which only v2 runs, as a new increase, with a legend', { skip }, async () => {
  const diffPath = pathWith('/diff', {
    baseQuery: '{service="shop",version="v1"}', baseFrom: ui.window.from, baseTo: ui.window.to,
    query: '{service="shop",version="v2"}', from: ui.window.from, to: ui.window.to, type: 'cpu', normalize: 'false',
  });
  const w = await ui.open(diffPath);
  const { page } = w;
  const table = page.getByRole('table', { name: /Change per function/ });
  const row = table.getByRole('row', { name: /main\.newHotPath/ });
  await row.waitFor();
  const cells = await row.getByRole('cell').allInnerTexts();
  assert.equal(cells[0], '0', 'nothing in the base');
  assert.match(cells[2]!, /^\+2\.\d+s$/, 'flat change is an increase');
  assert.match(cells[6]!, /^new\s*main\.newHotPath$/, 'marked new');
  assert.match(await table.getByRole('row', { name: /main\.hashLoop/ }).getByRole('cell').nth(2).innerText(), /^−3\.\d+s$/);

  const legend = page.getByRole('figure', { name: /red means more in the comparison, green means less/ });
  await legend.waitFor();
  assert.match(await legend.innerText(), /red: more in the comparison than in the base, green: less/);

  // The new frame is labelled as such in the graph as drawn.
  await page.getByRole('img', { name: /^Diff flame graph of cpu/ }).focus();
  let text = '';
  for (let i = 0; i < 12 && !/newHotPath/.test(text); i++) {
    await page.keyboard.press(i < 6 ? 'ArrowDown' : 'ArrowRight');
    text = await page.getByRole('status').filter({ hasText: /^Selected:/ }).innerText().catch(() => '');
  }
  assert.match(text, /^Selected: main\.newHotPath, comparison 2\.\d+s .*base 0 — new: not in the base, change \+2\.\d+s/);
  await w.screenshot('diff-v1-v2-light');

  await page.getByRole('button', { name: 'normalized' }).click();
  await page.waitForURL(/normalize=true/);
  await page.getByText(/base scaled ×0\.\d+ to the comparison's total/).waitFor();
  const dark = await ui.open(diffPath, 'dark');
  await dark.page.getByRole('table', { name: /Change per function/ }).getByRole('row', { name: /main\.newHotPath/ }).waitFor();
  await dark.screenshot('diff-v1-v2-dark');
  assert.deepEqual([...w.problems(), ...dark.problems()], []);
});
