import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { pushProfile } from './support/serve-process.js';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { isoTime, pathWith } from './support/ui-time.js';

const skip = browserSkipReason();
let ui: UiHarness;
let window: { from: string; to: string };
before(async () => {
  if (skip) return;
  ui = await startUi({ empty: true });
  const now = Date.now();
  window = { from: isoTime(now - 61 * 60_000), to: isoTime(now + 60_000) };
  const pushes: [string, number][] = [['hotspots-labels.cpu.pb.gz', 50], ['hotspots-labels-b.cpu.pb.gz', 30], ['hotspots-labels.cpu.pb.gz', 10]];
  for (const [file, minutesAgo] of pushes) {
    const res = await pushProfile(ui.server.url, readFileSync(fixture(file)), `service=shop&at=${Math.round((now - minutesAgo * 60_000) / 1000)}`);
    assert.equal(res.status, 201, await res.text());
  }
});
after(async () => { await ui?.dispose(); });

interface Tags { keys: { key: string; values: { value: string; pct: number }[] }[] }

test('the label explorer shows each handler\'s share and timeline, includes or excludes one on Explore, and diffs two', { skip }, async () => {
  const scope = { query: '{service="shop"}', type: 'cpu', ...window };
  const w = await ui.open(pathWith('/labels', scope));
  const { page } = w;
  const values = page.getByRole('region', { name: 'values of handler' });
  await values.waitFor();
  assert.equal(await page.getByRole('button', { name: 'handler' }).getAttribute('aria-pressed'), 'true', 'the first sample label is picked');
  const tags = (await (await fetch(`${ui.server.url}/api/v1/tags?${new URLSearchParams(scope).toString()}`)).json()) as Tags;
  const handler = tags.keys.find((k) => k.key === 'handler')!;
  const rows = await values.getByRole('row').allInnerTexts();
  assert.deepEqual(rows.slice(1).map((r) => r.split('\t')[1]), [...handler.values.map((v) => v.value), '(no handler label)']);
  assert.match(rows[1]!, new RegExp(`${handler.values[0]!.value}\\s+${handler.values[0]!.pct.toFixed(2)}%`));
  assert.equal(await values.getByRole('img', { name: /over time$/ }).count(), rows.length - 1, 'a timeline per value');
  await w.screenshot('labels-handler');

  // Include checkout: Explore filtered to its samples; search's parseLoop is gone from the table.
  await values.getByRole('link', { name: 'include only checkout' }).click();
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('sampleLabels') === '{handler="checkout"}');
  const table = page.getByRole('table', { name: /Top functions/ });
  await table.getByRole('row', { name: /main\.hashLoop/ }).first().waitFor();
  assert.doesNotMatch(await table.innerText(), /main\.parseLoop/);
  assert.equal(await page.getByLabel('sample labels').inputValue(), '{handler="checkout"}');
  // The timeline split by a sample label: one line per handler.
  await page.getByLabel('split timeline by').selectOption({ label: 'tenant' });
  await page.waitForURL((url) => url.searchParams.get('groupBy') === 'tenant' && url.searchParams.get('groupByKind') === 'sample');
  await page.locator('.timeline .u-legend').filter({ hasText: 'tenant=acme' }).waitFor();
  assert.match(await page.locator('.timeline .u-legend').innerText(), /tenant=globex/);
  await w.screenshot('explore-include-checkout');

  // The call graph of the filtered window, drawn by the server's Graphviz.
  await page.getByRole('tab', { name: 'Call graph' }).click();
  const graph = page.getByRole('img', { name: 'call graph of cpu' });
  await graph.waitFor();
  assert.ok(await graph.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 100), 'the SVG is drawn');
  await w.screenshot('explore-graph');

  // Exclude search; the filter input autocompletes sample label names.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await values.getByRole('link', { name: 'exclude search' }).click();
  await page.waitForURL((url) => url.searchParams.get('sampleLabels') === '{handler!="search"}');
  await table.getByRole('row', { name: /main\.hashLoop/ }).first().waitFor();
  assert.doesNotMatch(await table.innerText(), /main\.parseLoop/);
  const filter = page.getByLabel('sample labels');
  await filter.fill('{te');
  await page.getByRole('listbox', { name: 'label names' }).getByRole('option', { name: 'tenant' }).click();
  assert.equal(await filter.inputValue(), '{tenant="');

  // Two values picked: their diff, checkout as the base and search as the comparison.
  await page.goBack();
  await values.getByRole('checkbox', { name: 'compare checkout' }).check();
  await values.getByRole('checkbox', { name: 'compare search' }).check();
  await page.getByRole('link', { name: 'Diff checkout → search' }).click();
  await page.waitForURL((url) => url.pathname === '/diff' && url.searchParams.get('baseSampleLabels') === '{handler="checkout"}');
  const diff = page.locator('table.diff-table');
  await diff.getByRole('row', { name: /main\.parseLoop/ }).first().waitFor();
  assert.match(await diff.getByRole('row', { name: /main\.parseLoop/ }).first().innerText(), /new/);
  assert.match(await diff.innerText(), /gone\s*main\.hashLoop/);
  await w.screenshot('diff-checkout-search');
  assert.deepEqual(w.problems(), []);
});

test('without Graphviz on the server, the Call graph tab says so and offers the DOT source', { skip }, async () => {
  const bare = await startUi({ empty: true, env: { PATH: '' } });
  try {
    const res = await pushProfile(bare.server.url, readFileSync(fixture('hotspots-labels.cpu.pb.gz')), 'service=shop&at=now-5m');
    assert.equal(res.status, 201);
    const w = await bare.open(pathWith('/', { query: '{service="shop"}', type: 'cpu', from: 'now-1h', to: 'now', view: 'graph' }));
    w.expect(/status of 501/);
    const status = w.page.getByRole('status').filter({ hasText: 'cannot draw call graphs' });
    await status.waitFor();
    assert.match(await status.innerText(), /Debian package graphviz/);
    const download = w.page.waitForEvent('download');
    await status.getByRole('button', { name: 'Download DOT' }).click();
    assert.equal((await download).suggestedFilename(), 'graph-cpu.dot');
    await w.screenshot('explore-graph-without-graphviz');
    assert.deepEqual(w.problems(), []);
  } finally {
    await bare.dispose();
  }
});
