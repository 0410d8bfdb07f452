// Headless Chromium from Debian's package, driven by playwright-core (no browser is ever
// downloaded). One browser per test file; pages record page errors and console errors so that
// every test can assert there were none.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { repoRoot } from './fixtures.js';

/** Debian's chromium package puts the browser here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why browser tests are skipped on this machine, or undefined when they can run. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium) to run the web UI tests`;
}

/** Where screenshots go (test-output/screenshots, not committed). */
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A page at 1280 px wide that remembers page errors and console errors. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far, minus those `expect`ed. */
  problems(): string[];
  /** Console errors matching this are expected (e.g. the 401 that makes the UI ask for a token). */
  expect(pattern: RegExp): void;
  /** Writes test-output/screenshots/NAME.png of the whole page. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, baseURL: string, colorScheme: 'light' | 'dark' = 'light'): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 }, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  const seen: string[] = [];
  const expected: RegExp[] = [];
  page.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') seen.push(`console error: ${msg.text()}`); });
  return {
    context, page,
    problems: () => seen.filter((s) => !expected.some((re) => re.test(s))),
    expect: (re) => { expected.push(re); },
    async screenshot(name) {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => context.close(),
  };
}
