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

test('dragging across the timeline picks that window: the URL gets its times and the table its profiles', { skip }, async () => {
  const w = await ui.open(pathWith('/', { query: '{service="shop"}', type: 'cpu', ...ui.window }));
  const { page } = w;
  await page.getByRole('table', { name: /Top functions/ }).getByText('main.newHotPath').waitFor();
  const plot = page.getByLabel('totals over time; drag to pick a window');
  const box = (await plot.boundingBox())!;
  // The window is 62 minutes ending a minute after the pushes; its last third holds only v2
  // (pushed 20 minutes ago). The plot area starts after the value axis on the left.
  const y = box.y + 50;
  await page.mouse.move(box.x + box.width * 0.62, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.99, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL((url) => url.searchParams.get('from') !== ui.window.from);
  const url = new URL(page.url());
  const from = Date.parse(url.searchParams.get('from')!), to = Date.parse(url.searchParams.get('to')!);
  assert.ok(from > Date.parse(ui.window.from) && to <= Date.parse(ui.window.to) + 1000 && from < to, `${url.searchParams}`);
  await page.getByText(/in 1 profile\b/).waitFor();
  assert.equal(await page.getByRole('table', { name: /Top functions/ }).getByRole('row').nth(1).getByRole('cell').last().innerText(), 'main.newHotPath');
  assert.deepEqual(w.problems(), []);
});
