import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { pathWith } from './support/ui-time.js';

const skip = browserSkipReason();
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi(); });
after(async () => { await ui?.dispose(); });

test('explore shows the timeline, a flame graph holding the hot function and the top table with the hottest first', { skip }, async () => {
  const shop = pathWith('/', { query: '{service="shop"}', type: 'cpu', ...ui.window });
  const w = await ui.open(shop);
  const { page } = w;
  const top = await (await fetch(`${ui.server.url}/api/v1/top?${new URLSearchParams({ query: '{service="shop"}', type: 'cpu', ...ui.window })}`)).json() as { rows: { name: string }[] };
  assert.equal(top.rows[0]!.name, 'main.hashLoop');

  const firstRow = page.getByRole('table', { name: /Top functions/ }).getByRole('row').nth(1);
  await firstRow.getByText('main.hashLoop').waitFor();
  assert.match(await firstRow.innerText(), /^1\s/);
  await page.getByLabel('totals over time; drag to pick a window').locator('canvas').first().waitFor();

  // Walk the graph with the keyboard, heaviest child first, until the hot function is selected.
  const graph = page.getByRole('img', { name: /^Flame graph of cpu/ });
  await graph.focus();
  const selection = page.getByRole('status').filter({ hasText: /^Selected:|Tab to the graph/ });
  let text = '';
  for (let i = 0; i < 12 && !text.startsWith('Selected: main.hashLoop'); i++) {
    await page.keyboard.press('ArrowDown');
    text = await selection.innerText();
  }
  assert.match(text, /^Selected: main\.hashLoop, total 3\.\d+s \(\d+\.\d+%\), self 3\.\d+s/);

  // The SVG export is the graph as drawn: the hot function is a labelled box.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const svg = readFileSync(await (await download).path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<text [^>]*>main\.hashLoop<\/text>/);
  assert.match(svg, /<title>main\.hashLoop: total 3\.\d+s/);

  // Hover shows self, total and share with pprof's units; a click zooms into the frame.
  const box = (await graph.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 18 + 9);
  const tip = page.getByRole('tooltip');
  await tip.waitFor();
  assert.match(await tip.innerText(), /^runtime\.main\ntotal 8\.\d+s \(9\d\.\d+%\)\nself 0 \(0%\)$/);
  await w.screenshot('explore-shop-cpu-light');
  await page.mouse.click(box.x + 20, box.y + 18 + 9);
  await page.getByRole('navigation', { name: 'zoom path' }).locator('[aria-current="location"]').filter({ hasText: 'runtime.main' }).waitFor();

  const dark = await ui.open(shop, 'dark');
  await dark.page.getByRole('table', { name: /Top functions/ }).getByText('main.hashLoop').waitFor();
  await dark.screenshot('explore-shop-cpu-dark');
  assert.deepEqual([...w.problems(), ...dark.problems()], []);
});
