import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HotspotsRunner, goAvailable, waitFor } from './support/hotspots.js';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';
import { pathWith } from './support/ui-time.js';

const skip = browserSkipReason() ?? (goAvailable() ? undefined : 'go is not installed: the heap view test scrapes a live Go program');
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

test('the heap view shows MemProfileRate and, from a live target\'s MemStats, where Sys goes beside the heap profile', { skip }, async () => {
  const live = await runner.start();
  const res = await fetch(`${ui.server.url}/api/v1/targets`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'live', url: live.url, profiles: ['heap'], interval: '1s' }),
  });
  assert.equal(res.status, 201, await res.text());
  let readings = 0, heapProfiles = 0;
  const ready = async () => {
    readings = ((await (await fetch(`${ui.server.url}/api/v1/memstats?service=live&from=now-10m`)).json()) as unknown[]).length;
    const types = await (await fetch(`${ui.server.url}/api/v1/types?service=live&from=now-10m`)).json() as { present: { type: string; profiles: number }[] };
    heapProfiles = types.present.find((t) => t.type === 'inuse_space')?.profiles ?? 0;
    return readings > 0 && heapProfiles > 0;
  };
  const deadline = Date.now() + 20_000;
  while (!(await ready()) && Date.now() < deadline) await waitFor(() => false, 500);
  assert.ok(readings > 0 && heapProfiles > 0, `memstats ${readings}, heap profiles ${heapProfiles}`);

  const w = await ui.open(pathWith('/heap', { query: '{service="live"}', from: 'now-10m', to: 'now' }));
  const { page } = w;
  await page.getByText(/The heap profile samples about one allocation per 512kB allocated/).waitFor();
  const picture = page.getByRole('figure').filter({ hasText: 'the heap profile (mean over the window) accounts for' });
  await picture.waitFor();
  const caption = await picture.locator('figcaption').innerText();
  assert.match(caption, /service=live.*the runtime holds \d+(\.\d+)?MB \(Sys\).*the heap profile \(mean over the window\) accounts for \d+(\.\d+)?MB \(\d+(\.\d+)?%\)/s);
  const bar = picture.getByRole('img');
  const described = await bar.getAttribute('aria-label');
  for (const part of ['in the heap profile', 'goroutine stacks', 'GC metadata', 'span metadata (MSpan)', 'other runtime memory']) {
    assert.match(described ?? '', new RegExp(part.replace(/[()]/g, '\\$&')), part);
  }
  const legend = await picture.getByRole('listitem').allInnerTexts();
  assert.ok(legend.some((l) => /^in the heap profile \d/.test(l)), legend.join('\n'));
  await page.getByText('main.retain').first().waitFor();
  await w.screenshot('heap-memstats-light');
  const dark = await ui.open(pathWith('/heap', { query: '{service="live"}', from: 'now-10m', to: 'now' }), 'dark');
  await dark.page.getByRole('figure').filter({ hasText: 'the heap profile (mean over the window) accounts for' }).waitFor();
  await dark.screenshot('heap-memstats-dark');
  assert.deepEqual([...w.problems(), ...dark.problems()], []);
});
