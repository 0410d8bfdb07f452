import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';

const skip = browserSkipReason();
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi({ empty: true }); });
after(async () => { await ui?.dispose(); });

test('Tab and Enter reach every page from the navigation, and browser history goes back', { skip }, async () => {
  const w = await ui.open('/');
  const { page } = w;
  const nav = page.getByRole('navigation', { name: 'pages' });
  for (const [label, path] of [['Labels', '/labels'], ['Diff', '/diff'], ['Heap', '/heap'], ['Targets', '/targets'], ['Local files', '/local'], ['Explore', '/']] as const) {
    const link = nav.getByRole('link', { name: label });
    await page.keyboard.press('Home');
    await page.locator('body').focus();
    let focused = false;
    for (let i = 0; i < 12 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await link.evaluate((el) => el === el.ownerDocument.activeElement);
    }
    assert.ok(focused, `Tab reaches ${label}`);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === path);
    assert.equal(await link.getAttribute('aria-current'), 'page');
  }
  await page.goBack();
  await page.waitForURL((url) => url.pathname === '/local');
  await page.getByRole('region', { name: 'drop pprof files here' }).waitFor();
  assert.deepEqual(w.problems(), []);
});
