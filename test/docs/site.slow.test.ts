/**
 * The docs site in a real browser: builds site/ (`npm run docs`), serves it on 127.0.0.1 and
 * drives Debian's headless Chromium through every page with playwright-core. Checks that every
 * operation renders where the index links to it, that every link resolves (anchors exist,
 * same-site URLs answer 200, Redoc routes open a section rather than its "no page" screen), that
 * each operation shows its curl sample and errata and is listed once in the sidebar, the notes
 * pages have every section the specs cite, no page logs a console error or reaches outside the
 * site, and saves screenshots to
 * build/screenshots/ for a human to look at.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocs, type BuiltSite } from '../../scripts/build-docs.js';
import { NOTE_CITATION, noteHref } from '../../scripts/docs/citations.js';
import { loadDocsModel } from '../../scripts/docs/site-model.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from '../browser/support/chromium.js';
import { serveStatic, type StaticServer } from './static-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshots = join(root, 'build/screenshots');
const providers = await loadDocsModel(root);
const VIEWPORT = { width: 1280, height: 900 };

if (!hasChromium && process.env.CI) {
  it('Chromium is installed (.ci/run installs it)', () => {
    expect.fail(`${CHROMIUM} is missing: .ci/run must apt-get install chromium before npm test`);
  });
}

/** Everything a page did wrong while it was open. */
interface Problems {
  console: string[];
  external: string[];
  failed: string[];
}

function watch(page: Page, origin: string): Problems {
  const problems: Problems = { console: [], external: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(`${m.text()} (${m.location().url || page.url()})`);
  });
  page.on('pageerror', (e) => problems.console.push(`uncaught: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith(`blob:${origin}/`)) {
      problems.external.push(url);
    }
  });
  page.on('requestfailed', (r) => problems.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.failed.push(`${r.url()}: HTTP ${r.status()}`);
  });
  return problems;
}

function expectClean(problems: Problems, where: string): void {
  expect(problems.console, `console errors on ${where}`).toEqual([]);
  expect(problems.external, `requests leaving the site from ${where}`).toEqual([]);
  expect(problems.failed, `failed requests on ${where}`).toEqual([]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function hrefs(page: Page): Promise<string[]> {
  return page.$$eval('a[href]', (as) => [...new Set(as.map((a) => a.getAttribute('href') ?? ''))]);
}

/** Waits until Redoc has rendered its content (client-side: see docs-src/reference.hbs). */
async function redocReady(page: Page): Promise<void> {
  await page.waitForSelector('#api-content h1, #api-content h2, .not-found-page', { timeout: 30_000 });
}

describe.skipIf(!hasChromium)(
  hasChromium ? 'docs site in Chromium' : `docs site in Chromium: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`,
  () => {
    let site: BuiltSite;
    let server: StaticServer;
    let context: BrowserContext;
    let userDataDir: string;

    beforeAll(async () => {
      site = await buildDocs({ root });
      server = await serveStatic(site.outDir);
      await mkdir(screenshots, { recursive: true });
      userDataDir = await mkdtemp(join(tmpdir(), 'drivespec-chromium-'));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: VIEWPORT,
      });
    }, 180_000);

    afterAll(async () => {
      await context?.close();
      await server?.close();
      if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    });

    /** Same-site URLs (without their hash) answer 200. */
    async function expectServed(urls: Iterable<string>): Promise<void> {
      for (const url of new Set([...urls].map((u) => u.split('#')[0]!))) {
        const response = await fetch(url, { method: 'HEAD' });
        expect(response.status, url).toBe(200);
      }
    }

    it('index: lists every provider and operation; anchors exist; same-site links answer 200', async () => {
      const page = await context.newPage();
      const problems = watch(page, server.origin);
      await page.goto(`${server.origin}/index.html`, { waitUntil: 'load' });
      await page.screenshot({ path: join(screenshots, 'index.png'), fullPage: true, animations: 'disabled' });
      await page.screenshot({ path: join(screenshots, 'index-top.png'), animations: 'disabled' });
      for (const id of ['operations', 'authentication', 'hashing', 'errata']) {
        await page.goto(`${server.origin}/index.html#${id}`);
        await page.screenshot({ path: join(screenshots, `index-${id}.png`), animations: 'disabled' });
      }

      const text = await page.locator('main').innerText();
      for (const p of providers) {
        expect(text).toContain(p.id);
        expect(await page.locator(`a[href="${p.page}"]`).count(), `link to ${p.page}`).toBe(1);
        for (const op of p.operations) {
          const link = page.locator(`a.operation[href="${p.page}${op.route}"]`);
          expect(await link.count(), `${p.id} ${op.operationId} in the operations table`).toBe(1);
          expect(await link.innerText()).toBe(op.operationId);
        }
        for (const e of p.errata) expect(text).toContain(e.field);
      }

      const sameSite: string[] = [];
      const external: string[] = [];
      for (const href of await hrefs(page)) {
        if (href.startsWith('#')) {
          const id = decodeURIComponent(href.slice(1));
          expect(await page.locator(`[id="${id}"]`).count(), `anchor ${href}`).toBe(1);
          continue;
        }
        const url = new URL(href, page.url());
        if (url.origin === server.origin) sameSite.push(url.href);
        else external.push(url.href);
      }
      await expectServed(sameSite);
      // Provider documentation pages, cited as sources: not fetched (the test runs offline).
      expect(external.every((u) => u.startsWith('https://')), external.join('\n')).toBe(true);
      expectClean(problems, 'index.html');
      await page.close();
    }, 120_000);

    it('notes pages: every section a spec cites is an element of its notes page', async () => {
      const page = await context.newPage();
      const problems = watch(page, server.origin);
      for (const p of providers) {
        const spec = await readFile(join(root, p.specPath), 'utf8');
        const anchors = new Set([...spec.matchAll(NOTE_CITATION)].filter((m) => m[1] === p.id && m[2]).map((m) => m[2]!));
        await page.goto(`${server.origin}/${noteHref(`specs/notes/${p.id}.md`)}`, { waitUntil: 'load' });
        for (const anchor of anchors) expect(await page.locator(`[id="${anchor}"]`).count(), `${p.id}#${anchor}`).toBe(1);
        await page.screenshot({ path: join(screenshots, `notes-${p.id}.png`), animations: 'disabled' });
      }
      expectClean(problems, 'notes pages');
      await page.close();
    }, 60_000);

    for (const p of providers) {
      it(`${p.id}: every operation renders at the index's link; every route and link resolves; no console errors`, async () => {
        const page = await context.newPage();
        const problems = watch(page, server.origin);
        await page.goto(`${server.origin}/${p.page}`, { waitUntil: 'load' });
        await redocReady(page);
        await page.waitForLoadState('networkidle');
        expect(await page.locator('#api-content h1').first().innerText()).toContain(p.title.split(' — ')[0]);
        await page.screenshot({ path: join(screenshots, `${p.id}.png`), animations: 'disabled' });

        // Each operation: its route (the one the index links to) brings its section on screen.
        for (const op of p.operations) {
          await page.goto(`${server.origin}/${p.page}${op.route}`, { waitUntil: 'load' });
          await redocReady(page);
          const heading = page.locator('#api-content h2', { hasText: op.summary }).first();
          await heading.waitFor({ state: 'visible', timeout: 15_000 });
          await expect.poll(async () => (await heading.boundingBox())?.y ?? -1, { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
          expect((await heading.boundingBox())!.y, `${op.operationId} heading on screen`).toBeLessThan(VIEWPORT.height);
          expect(await page.locator('.not-found-page').count()).toBe(0);
          const active = page.locator(`a[href="${op.route}"] [data-active="true"]`);
          expect(await active.count(), `${op.operationId} active in the sidebar`).toBe(1);
          const content = await page.locator('#api-content').innerText();
          expect(content).toContain(op.path);
          // The operation's own code sample (curl, with a placeholder for the secret) and errata.
          expect(content, `${op.operationId} curl sample`).toMatch(new RegExp(`curl -X ${op.method} '[^']*${escapeRegExp(op.path.split('{')[0]!.split('?')[0]!)}`));
          expect(content).toMatch(/<(ACCESS_TOKEN|IAM_TOKEN)>/);
          const errata = p.errata.filter((e) => e.operationId === op.operationId);
          if (errata.length) {
            expect(content, `${op.operationId} errata on its page`).toContain('Errata');
            for (const e of errata) expect(content).toContain(e.field);
          }
          await page.screenshot({ path: join(screenshots, `${p.id}-${op.operationId}.png`), animations: 'disabled' });
        }

        // The sidebar lists each operation once: Redoc lists an operation under every tag it has, and
        // the spec the page embeds gives each operation exactly one (collapsed sidebar groups are
        // not in the DOM, so the embedded spec is what can be counted).
        const served = await (await fetch(`${server.origin}/${p.page}`)).text();
        const tagNames = new Set(((parse(await readFile(join(root, p.specPath), 'utf8')) as { tags: { name: string }[] }).tags).map((t) => t.name));
        const tagLists = [...served.matchAll(/"tags":\[("[^\]]*)\]/g)]
          .map((m) => JSON.parse(`[${m[1]}]`) as string[])
          .filter((list) => list.every((t) => tagNames.has(t))); // not an example body's own `tags`
        expect(tagLists.map((t) => t.length), 'tags per operation in the embedded spec').toEqual(p.operations.map(() => 1));
        // No extension is shown as raw JSON (the page embeds its spec; prose may name an extension).
        expect(await page.locator('#api-content').innerText()).not.toMatch(/"x-drivespec-[a-z-]+"\s*:/);

        // Every link on the page after a full render: Redoc routes open a section; same-site
        // URLs answer 200; nothing points at a server path the static site does not have.
        const routes = new Set<string>();
        const sameSite: string[] = [];
        for (const href of await hrefs(page)) {
          if (href.startsWith('#/')) {
            routes.add(href.slice(1).split('#')[0]!);
            continue;
          }
          expect(href.startsWith('#'), `unexpected in-page link ${href}`).toBe(false);
          const url = new URL(href, page.url());
          if (url.origin === server.origin) sameSite.push(url.href);
        }
        await expectServed(sameSite);
        for (const route of [...routes].sort()) {
          await page.goto(`${server.origin}/${p.page}#${route}`, { waitUntil: 'load' });
          await redocReady(page);
          expect(await page.locator('.not-found-page').count(), `route #${route}`).toBe(0);
        }
        // Every operation has a route in the page's own navigation.
        for (const op of p.operations) expect([...routes]).toContain(op.route.slice(1));

        expectClean(problems, p.page);
        await page.close();
      }, 120_000);
    }
  },
);
