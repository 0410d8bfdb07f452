// npm run bench:ui — the web UI in headless Chromium (Debian's package), medians of:
//   • first flame graph drawn after navigation, for a 1 h window of real profiles (60 pushes);
//   • render time (plan + draw) of a 10,000-node flame graph, full and zoomed (goal < 50 ms);
//   • hover handling and frame intervals while the mouse moves over it (goal: 60 fps, < 16 ms);
//   • the JavaScript bundle gzipped (goal ≤ 150 KB).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { encodeProfile } from '../codec/encode.js';
import { fixture, repoRoot } from '../test/support/fixtures.js';
import { pushProfile, startServeProcess } from '../test/support/serve-process.js';
import { browserSkipReason, launchBrowser, openPage } from '../test/support/ui-browser.js';
import { median } from './measure.js';
import { syntheticCpuProfile } from './ui-synthetic-profile.js';

const RUNS = 7;
const FIXTURES = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots-b.cpu.pb.gz', 'gobench-regexp.cpu.pb.gz'];

/** Collects the UI's User Timing measures from the first moment of every page. */
const OBSERVE = `
  window.__fw = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__fw.push({ name: e.name, start: e.startTime, duration: e.duration });
      if (e.name === 'flamewatch:flame-render' && window.__fwPainted === undefined) {
        requestAnimationFrame(() => setTimeout(() => { window.__fwPainted = performance.now(); }));
      }
    }
  }).observe({ type: 'measure', buffered: true });
`;

interface Measure { name: string; start: number; duration: number }

const measures = (page: Page, name: string) =>
  page.evaluate((n) => ((globalThis as unknown as { __fw: Measure[] }).__fw).filter((m) => m.name === n), name);

async function waitForRenders(page: Page, count: number): Promise<Measure[]> {
  await page.waitForFunction((n) => ((globalThis as unknown as { __fw: Measure[] }).__fw).filter((m) => m.name === 'flamewatch:flame-render').length >= n, count, { timeout: 60_000 });
  return measures(page, 'flamewatch:flame-render');
}

function bundleSizes(): { js: number; css: number } {
  const dir = join(repoRoot, 'dist', 'ui', 'assets');
  const size = (ext: string) => readdirSync(dir).filter((f) => f.endsWith(`${ext}.gz`)).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  return { js: size('.js'), css: size('.css') };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  const skip = browserSkipReason();
  if (skip) { console.log(`bench:ui skipped: ${skip}`); return; }
  const server = await startServeProcess();
  const browser = await launchBrowser();
  try {
    const now = Date.now();
    for (let i = 0; i < 60; i++) {
      const at = Math.round((now - (60 - i) * 60_000 + 30_000) / 1000);
      const res = await pushProfile(server.url, readFileSync(fixture(FIXTURES[i % FIXTURES.length]!)), `service=bench&labels=instance=i${i % 4}&at=${at}`);
      if (res.status !== 201) throw new Error(`ingest answered ${res.status}`);
    }
    const big = await pushProfile(server.url, encodeProfile(syntheticCpuProfile(12_000)), `service=big&at=${Math.round(now / 1000) - 600}`);
    if (big.status !== 201) throw new Error(`ingest answered ${big.status}`);

    const firstPaint: number[] = [], flameAnswered: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const w = await openPage(browser, server.url);
      await w.context.addInitScript(OBSERVE);
      await w.page.goto('/?query=%7Bservice%3D%22bench%22%7D&type=cpu&from=now-1h&to=now');
      await waitForRenders(w.page, 1);
      await w.page.waitForFunction(() => (globalThis as unknown as { __fwPainted?: number }).__fwPainted !== undefined);
      firstPaint.push(await w.page.evaluate(() => (globalThis as unknown as { __fwPainted: number }).__fwPainted));
      flameAnswered.push(await w.page.evaluate(() => {
        const perf = (globalThis as unknown as { performance: { getEntriesByType(t: string): { name: string; responseEnd: number }[] } }).performance;
        return perf.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/flamegraph'))!.responseEnd;
      }));
      await w.close();
    }

    const w = await openPage(browser, server.url);
    await w.context.addInitScript(OBSERVE);
    const page = w.page;
    await page.goto('/?query=%7Bservice%3D%22big%22%7D&type=cpu&from=now-1h&to=now&nodes=10000');
    await waitForRenders(page, 1);
    const caption = await page.getByText(/^[\d,]+ nodes/).first().innerText();
    const graph = page.getByRole('img', { name: /^Flame graph of cpu/ });
    await graph.focus();
    let renders = 1;
    const zoomed: number[] = [], full: number[] = [(await measures(page, 'flamewatch:flame-render'))[0]!.duration];
    for (let i = 0; i < 20; i++) {
      for (let k = 0; k <= 1 + (i % 4); k++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      zoomed.push((await waitForRenders(page, ++renders)).at(-1)!.duration);
      await page.keyboard.press('Escape');
      full.push((await waitForRenders(page, ++renders)).at(-1)!.duration);
      await graph.focus();
    }

    const box = (await graph.boundingBox())!;
    await page.evaluate(() => {
      const g = globalThis as unknown as { __frames: number[]; requestAnimationFrame(f: (t: number) => void): void };
      g.__frames = [];
      let last = 0;
      const tick = (t: number) => { if (last) g.__frames.push(t - last); last = t; if (g.__frames.length < 100000) g.requestAnimationFrame(tick); };
      g.requestAnimationFrame(tick);
    });
    const hover: number[] = [];
    for (let i = 0; i < 300; i++) {
      const x = box.x + ((i * 37) % Math.floor(box.width));
      const y = box.y + Math.min(box.height - 2, ((i * 13) % 30) * 18 + 9);
      await page.mouse.move(x, y);
      const m = await measures(page, 'flamewatch:flame-hover');
      if (m.length > 0) hover.push(m.at(-1)!.duration);
    }
    const frames = await page.evaluate(() => (globalThis as unknown as { __frames: number[] }).__frames);
    const sizes = bundleSizes();
    const result = {
      firstFlameGraphAfterNavigationMs: median(firstPaint),
      flamegraphAnsweredAfterNavigationMs: median(flameAnswered),
      tenThousandNodeRenderMs: median(full),
      zoomRenderMs: median(zoomed),
      hoverHandlerMs: median(hover),
      frameIntervalWhileHoveringMs: median(frames),
      bundleJsGzipBytes: sizes.js,
      bundleCssGzipBytes: sizes.css,
    };
    console.log(`web UI in headless Chromium, medians (${RUNS} navigations, 21 full and 20 zoomed renders, ${hover.length} hovers)`);
    console.log(`  first flame graph drawn after navigation, 1 h window of 60 real profiles: ${ms(result.firstFlameGraphAfterNavigationMs)}`);
    console.log(`    of which waiting for /api/v1/flamegraph (the server's query):       ${ms(result.flamegraphAnsweredAfterNavigationMs)}`);
    console.log(`  10,000-node flame graph (${caption.split(';')[0]}) render, plan + draw:   ${ms(result.tenThousandNodeRenderMs)} (goal < 50 ms)`);
    console.log(`  zoom into a frame, render:                                          ${ms(result.zoomRenderMs)} (goal < 16 ms)`);
    console.log(`  hover, hit test + highlight + tooltip:                              ${ms(result.hoverHandlerMs)} (goal < 16 ms)`);
    console.log(`  frame interval while hovering:                                      ${ms(result.frameIntervalWhileHoveringMs)} (60 fps = 16.7 ms)`);
    console.log(`  JavaScript bundle, gzipped:                                         ${(sizes.js / 1024).toFixed(1)} KB (goal ≤ 150 KB); CSS ${(sizes.css / 1024).toFixed(1)} KB`);
    console.log(JSON.stringify(result));
    await w.close();
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
