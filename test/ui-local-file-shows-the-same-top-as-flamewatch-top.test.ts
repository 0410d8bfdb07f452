import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { browserSkipReason } from './support/ui-browser.js';
import { startUi } from './support/ui-harness.js';
import type { UiHarness } from './support/ui-harness.js';

const skip = browserSkipReason();
let ui: UiHarness;
before(async () => { if (!skip) ui = await startUi({ empty: true }); });
after(async () => { await ui?.dispose(); });

/** The browser classes used below (the tests compile without the DOM library). */
interface BrowserGlobals {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string) => unknown;
}

/** Drops files on the drop zone as a person dragging them from a file manager would. */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  const files = names.map((name) => ({ name, data: [...readFileSync(fixture(name))] }));
  const transfer = await page.evaluateHandle((list) => {
    const g = globalThis as unknown as BrowserGlobals;
    const dt = new g.DataTransfer();
    for (const f of list) dt.items.add(new g.File([new Uint8Array(f.data)], f.name));
    return dt;
  }, files);
  await page.getByRole('region', { name: 'drop pprof files here' }).dispatchEvent('drop', { dataTransfer: transfer });
}

const SCALE: Record<string, number> = {
  '': 1, ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, min: 60e9, hrs: 3600e9,
  B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4,
};

/** A value as printed (`0.51s`, `510ms`, `512.20kB`, `7`) in the unit's base (ns, bytes, count). */
function amount(text: string): number {
  const m = /^(-?\d+(?:\.\d+)?)([a-zµA-Z]*)$/.exec(text);
  assert.ok(m && m[2]! in SCALE, `"${text}" is not a value with a unit`);
  return Number(m[1]) * SCALE[m[2]!]!;
}

/**
 * Rows as [flat, flat%, sum%, cum, cum%, name], with flat and cum as numbers (the two may
 * print the same value in different units: pprof picks one unit for the table, the page one
 * per cell) rounded to the precision the page shows, and names without pprof's (inline) mark.
 */
function comparable(rows: string[][]): (string | number)[][] {
  const round = (v: number) => Number(v.toPrecision(2));
  return rows.map(([flat, flatPct, sumPct, cum, cumPct, name]) => [
    round(amount(flat!)), flatPct!, sumPct!, round(amount(cum!)), cumPct!, name!.replace(/\(inline\)$/, ''),
  ]);
}

/** `flamewatch top FILE` rows as [flat, flat%, sum%, cum, cum%, name]. */
function cliRows(args: string[]): string[][] {
  const r = runCli(['top', '--nodefraction', '0', ...args]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const header = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%$/.test(l));
  assert.ok(header >= 0, r.stdout);
  return lines.slice(header + 1).map((l) => {
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)  (.+)$/.exec(l)!;
    return m.slice(1, 7);
  });
}

async function tableRows(page: Page): Promise<string[][]> {
  const rows = await page.getByRole('table', { name: /^Top of / }).getByRole('row').allInnerTexts();
  return rows.slice(1).map((r) => r.split('\t').slice(1).map((c) => c.trim().replace(/\s+/g, '')));
}

test('a pprof file dropped on the page shows the same top table as flamewatch top, without uploading it', { skip }, async () => {
  const w = await ui.open('/local');
  const { page } = w;
  const requests: string[] = [];
  page.on('request', (r) => { if (r.method() !== 'GET') requests.push(`${r.method()} ${r.url()}`); });
  await dropFiles(page, ['hotspots.cpu.1.pb.gz']);
  await page.getByRole('table', { name: /^Top of hotspots\.cpu\.1\.pb\.gz \(cpu, total 3s\)/ }).waitFor();
  const expected = cliRows([fixture('hotspots.cpu.1.pb.gz')]).map((r) => [...r.slice(0, 5), r[5]!.replace(/\s+/g, '')]);
  assert.ok(expected.length > 10);
  assert.deepEqual(comparable(await tableRows(page)), comparable(expected));
  await w.screenshot('local-one-file');

  await page.getByLabel('sample type').selectOption('samples');
  await page.getByRole('table', { name: /^Top of hotspots\.cpu\.1\.pb\.gz \(samples/ }).waitFor();
  const samples = cliRows(['--sample-index', 'samples', fixture('hotspots.cpu.1.pb.gz')]).map((r) => [...r.slice(0, 5), r[5]!.replace(/\s+/g, '')]);
  assert.deepEqual(comparable(await tableRows(page)), comparable(samples));

  await dropFiles(page, ['hotspots.heap.pb.gz']);
  await page.getByRole('table', { name: /^Top of hotspots\.heap\.pb\.gz \(inuse_space/ }).waitFor();
  const heap = cliRows([fixture('hotspots.heap.pb.gz')]).map((r) => [...r.slice(0, 5), r[5]!.replace(/\s+/g, '')]);
  assert.deepEqual(comparable(await tableRows(page)), comparable(heap));

  await dropFiles(page, ['hotspots.cpu.1.pb.gz', 'hotspots-b.cpu.pb.gz']);
  const row = page.getByRole('table', { name: /Change per function/ }).getByRole('row', { name: /main\.newHotPath/ });
  await row.waitFor();
  assert.match(await row.innerText(), /^0\s+2\.22s\s+\+2\.22s\s+\+74\.00%/);
  await w.screenshot('local-two-files-diff');
  assert.deepEqual(requests, [], 'nothing was sent to the server');
  assert.deepEqual(w.problems(), []);
});
