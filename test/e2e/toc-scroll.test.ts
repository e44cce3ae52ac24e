import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkip, launchBrowser, newPage, serveWithCli, type CliServer } from '../helpers/browser.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Enough text under every heading that each one, the last included, can be scrolled to the top of a
// 900-pixel window: a heading that cannot reach the top would make the assertion meaningless.
const paragraphs = (topic: string) =>
  Array.from(
    { length: 12 },
    (_, i) =>
      `Paragraphe ${i + 1} sur ${topic} : une page de wiki se lit de haut en bas, mais on y revient souvent pour une seule section, que le sommaire doit amener sous les yeux du lecteur sans qu'il ait à chercher.`,
  ).join('\n\n');

const LONG_PAGE = `---
title: Guide de la rédaction
toc: true
---
# Présentation

${paragraphs('la présentation')}

## Historique

${paragraphs("l'historique")}

## Références & liens

${paragraphs('les références')}

# Écrire une page

${paragraphs("l'écriture")}

### Les tableaux

${paragraphs('les tableaux')}

# Présentation

${paragraphs('la seconde présentation')}
`;

/** Where a heading sits in the window (its top edge, in CSS pixels), or null when no element has that id. */
function headingTop(page: Page, id: string): Promise<number | null> {
  return page.evaluate((target) => document.getElementById(target)?.getBoundingClientRect().top ?? null, id);
}

/**
 * Waits until the element with `id` is at the top of the window (a smooth scroll may take a moment), less
 * any scroll margin the theme gives headings; a heading too near the end of the page to reach the top
 * must be in view with the page scrolled to its end.
 */
async function waitAtTop(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (target) => {
      const element = document.getElementById(target);
      if (!element) return false;
      const top = element.getBoundingClientRect().top - (parseFloat(getComputedStyle(element).scrollMarginTop) || 0);
      const atEnd = window.scrollY >= document.documentElement.scrollHeight - window.innerHeight - 1;
      return Math.abs(top) < 4 || (atEnd && top > 0 && top < window.innerHeight);
    },
    id,
    { timeout: 5_000 },
  );
}

/** Clicks every link of the page's table of contents and checks each brings its heading to the top. */
async function clickEveryTocLink(page: Page): Promise<number> {
  const links = page.locator('.toc nav a');
  const count = await links.count();
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, /^#./, `TOC link ${i} points inside the page`);
    const id = decodeURIComponent(href.slice(1));
    const text = (await link.textContent())?.trim();
    await link.click();
    await waitAtTop(page, id).catch(async () => {
      assert.fail(`TOC link « ${text} » (${href}) left its heading at top=${await headingTop(page, id)}`);
    });
    assert.equal(new URL(page.url()).hash, href, `the address names the section of « ${text} »`);
    const heading = await page.evaluate((target) => {
      const element = document.getElementById(target);
      const copy = element?.cloneNode(true) as HTMLElement | undefined;
      copy?.querySelectorAll('.heading-anchor').forEach((a) => a.remove());
      return { tag: element?.tagName, text: copy?.textContent?.trim(), inMain: Boolean(element?.closest('main')) };
    }, id);
    assert.match(heading.tag ?? '', /^H[2-6]$/, `${href} is a heading`);
    assert.equal(heading.text, text, `${href} lands on the heading the TOC names`);
    assert.ok(heading.inMain, `${href} is in the main content`);
  }
  return count;
}

describe('reading in a browser', { skip: chromiumSkip(), timeout: 120_000 }, () => {
  let browser: Browser;
  let repo: ReturnType<typeof makeRepo>;
  let server: TestServer;

  before(async () => {
    repo = makeRepo({ 'index.md': LONG_PAGE, 'autre.md': '# Autre page\n' });
    [browser, server] = await Promise.all([launchBrowser(), startServer({ repo: repo.dir })]);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    repo?.cleanup();
  });

  test('each table of contents link scrolls its heading to the top and names it in the address', async (t) => {
    const { page, scriptErrors } = await newPage(t, browser);
    await page.goto(server.url);
    const count = await clickEveryTocLink(page);
    assert.equal(count, 6, 'the TOC lists every heading, nested ones and the duplicate included');
    assert.deepEqual(scriptErrors, []);
  });

  test('an old man.sr.ht link, whose id lost its accents, still scrolls to its heading', async (t) => {
    const { page } = await newPage(t, browser);
    await page.goto(`${server.url}#rfrences-amp-liens`);
    await waitAtTop(page, 'rfrences-amp-liens');
    const heading = await page.evaluate(() => document.getElementById('rfrences-amp-liens')?.closest('h2, h3')?.id);
    assert.equal(heading, 'références--liens');
  });

  test('the first Tab reaches the skip link, which moves focus to the main content', async (t) => {
    const { page } = await newPage(t, browser);
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      const box = active?.getBoundingClientRect();
      return { href: active?.getAttribute('href'), inSkipLinks: Boolean(active?.closest('.skip-links')), left: box?.left, width: box?.width };
    });
    assert.equal(first.href, '#contenu');
    assert.ok(first.inSkipLinks);
    assert.ok((first.left ?? -1) >= 0 && (first.width ?? 0) > 0, 'the focused skip link is shown on screen');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'contenu', undefined, { timeout: 5_000 });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
    // The next Tab continues from the content, not from the top of the page.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('main'))), 'Tab after the skip link stays in the content');
  });
});

// The bundled manual is what `npm start` shows a new user: its home page's TOC must work as well.
const manualPresent = existsSync(new URL('../../example/index.md', import.meta.url));
const manualSkip = manualPresent || process.env.CI === 'true' ? false : 'the bundled manual (example/index.md) is not written yet';

describe('the bundled manual in a browser', { skip: chromiumSkip() || manualSkip, timeout: 120_000 }, () => {
  let browser: Browser;
  let cli: CliServer;

  before(async () => {
    [browser, cli] = await Promise.all([launchBrowser(), serveWithCli([])]);
  });

  after(async () => {
    await browser?.close();
    await cli?.stop();
  });

  test('`feuillet serve` with no repository shows the manual, whose TOC links scroll to their headings', async (t) => {
    const { page, scriptErrors } = await newPage(t, browser);
    const response = await page.goto(cli.url);
    assert.equal(response?.status(), 200, cli.output());
    // The home page should have a TOC; if its author turned it off, the first page of the menu that has one.
    const candidates = [cli.url, ...(await page.locator('.side-nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))];
    let withToc: string | undefined;
    for (const url of candidates) {
      await page.goto(url);
      if ((await page.locator('.toc nav a').count()) > 0) {
        withToc = url;
        break;
      }
    }
    assert.ok(withToc, 'a page of the manual has a table of contents');
    assert.ok((await clickEveryTocLink(page)) > 0);
    assert.deepEqual(scriptErrors, []);
  });
});
