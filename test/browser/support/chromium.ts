/**
 * Debian's Chromium driven by playwright-core (TOOLCHAIN.md: never `npx playwright install`), with
 * the flags test/docs/site.slow.test.ts also launches it with, and the page protocol of the browser
 * suites: a page bundle sets `globalThis.drivespecPage.run(config)`, the test calls it with
 * `page.evaluate` and gets JSON back. Everything a page logs as an error, and every uncaught error,
 * is collected.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

// TOOLCHAIN.md: these flags keep Chromium from reaching for Google's hosts on a closed network.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'drivespec-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface OpenPage {
  page: Page;
  /** Console errors and uncaught errors so far. */
  errors: string[];
  /** Calls the page's `drivespecPage.run(config)`. */
  run<T = any>(config: unknown): Promise<T>;
}

/** Opens `url` (a page built by buildPage) and waits for its bundle to be ready. */
export async function openPage(context: BrowserContext, url: string): Promise<OpenPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => 'drivespecPage' in globalThis, undefined, { timeout: 30_000 });
  return {
    page,
    errors,
    run: (config) => page.evaluate((c) => (globalThis as any).drivespecPage.run(c), config as any),
  };
}
