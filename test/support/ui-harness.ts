// One `flamewatch serve` process (with the shop profiles unless told otherwise) and one
// headless Chromium per test file; each test opens its own pages.
import type { Browser } from 'playwright-core';
import { isoTime } from './ui-time.js';
import { launchBrowser, openPage } from './ui-browser.js';
import type { WatchedPage } from './ui-browser.js';
import { serveShop } from './ui-data.js';
import { startServeProcess } from './serve-process.js';
import type { ServeProcess } from './serve-process.js';

export interface UiHarness {
  server: ServeProcess;
  browser: Browser;
  /** When the data was pushed; the shop profiles lie within the hour before it. */
  startedAt: number;
  /** from/to of a window that holds every shop profile (the hour before the start, plus a minute). */
  window: { from: string; to: string };
  open(path: string, colorScheme?: 'light' | 'dark'): Promise<WatchedPage>;
  dispose(): Promise<void>;
}

export async function startUi(options: { env?: NodeJS.ProcessEnv; empty?: boolean } = {}): Promise<UiHarness> {
  const startedAt = Date.now();
  const server = options.empty ? await startServeProcess(options.env) : await serveShop(options.env);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.dispose();
    throw err;
  }
  const pages: WatchedPage[] = [];
  return {
    server, browser, startedAt,
    window: { from: isoTime(startedAt - 61 * 60_000), to: isoTime(startedAt + 60_000) },
    async open(path, colorScheme = 'light') {
      const page = await openPage(browser, server.url, colorScheme);
      pages.push(page);
      await page.page.goto(path);
      return page;
    },
    async dispose() {
      for (const p of pages) await p.close().catch(() => {});
      await browser.close();
      await server.dispose();
    },
  };
}
