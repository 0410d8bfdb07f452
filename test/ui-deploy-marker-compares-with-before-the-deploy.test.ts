import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HotspotsRunner, goAvailable, sleep } from './support/hotspots.js';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { pathWith } from './support/ui-time.js';

const skip = browserSkipReason() ?? (goAvailable() ? undefined : 'go is not installed: the deploy marker test scrapes a live Go program');
const runner = new HotspotsRunner();
let ui: UiHarness;
before(async () => {
  if (skip) return;
  runner.build();
  ui = await startUi({ empty: true });
});
after(async () => {
  await ui?.dispose();
  await runner.stopAll();
});

async function cpuProfiles(query: string): Promise<number> {
  const types = await (await fetch(`${ui.server.url}/api/v1/types?${new URLSearchParams({ query, from: 'now-10m' })}`)).json() as { present: { type: string; profiles: number }[] };
  return types.present.find((t) => t.type === 'cpu')?.profiles ?? 0;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

test('a deploy marker on the timeline opens the diff of the window after the deploy against the window before it', { skip }, async () => {
  const live = await runner.start();
  const created = await fetch(`${ui.server.url}/api/v1/targets`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'live', url: live.url, labels: { version: 'v1' }, profiles: ['cpu'], interval: '2s' }),
  });
  assert.equal(created.status, 201);
  const { id } = await created.json() as { id: string };
  await until('v1 profiles', async () => (await cpuProfiles('{service="live",version="v1"}')) >= 2);
  const patched = await fetch(`${ui.server.url}/api/v1/targets/${id}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ labels: { version: 'v2' } }),
  });
  assert.equal(patched.status, 200);
  await until('v2 profiles', async () => (await cpuProfiles('{service="live",version="v2"}')) >= 2);

  const w = await ui.open(pathWith('/', { query: '{service="live"}', type: 'cpu', from: 'now-5m', to: 'now' }));
  const { page } = w;
  const marker = page.getByRole('button', { name: /^deploy: labels-changed of live at .*\(version: v1 → v2\)/ });
  await marker.click();
  await w.screenshot('explore-deploy-marker');
  await page.getByRole('dialog', { name: 'deploy' }).getByRole('button', { name: 'Compare with before this deploy' }).click();
  await page.waitForURL((url) => url.pathname === '/diff');
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('baseTo'), params.get('from'), 'the base ends where the comparison starts: at the deploy');
  assert.equal(params.get('query'), '{service="live"}');
  const base = page.getByText(/^Base \S+ in \d+ profiles?$/);
  await base.waitFor();
  assert.match(await page.getByText(/^Comparison \S+ in \d+ profiles?$/).innerText(), /in [1-9]\d* profile/);
  assert.match(await base.innerText(), /in [1-9]\d* profile/);

  // The diff page's own button finds the same deploy.
  await page.goto(pathWith('/diff', { query: '{service="live"}', type: 'cpu', from: 'now-5m', to: 'now' }));
  await page.getByRole('button', { name: 'Compare with before the last deploy' }).click();
  await page.waitForURL((url) => url.searchParams.get('baseTo') === params.get('baseTo'));
  await page.getByText(/^Comparison \S+ in [1-9]\d* profiles?$/).waitFor();
  await w.screenshot('diff-before-after-deploy');
  assert.deepEqual(w.problems(), []);
});
