import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations as violations } from './axe.js';
import { chromiumSkip, launchBrowser, newPage } from './browser.js';
import { PAGE_KINDS, signIn, startThemedWiki, THEMES, type ThemedWiki } from './themes.js';

/*
 * Every kind of page Feuillet serves, in both themes and both colour schemes, checked by axe-core against
 * the WCAG 2.1 A and AA rules (what the RGAA asks). Any violation fails, with its rule, the elements and why.
 */

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];

/** Waits until the page shows the scheme the browser asks for, so that contrast is measured in it. */
async function waitForScheme(page: Page, theme: 'default' | 'dsfr', scheme: Scheme): Promise<void> {
  if (theme === 'dsfr') {
    // The DSFR's script turns data-fr-scheme="system" into data-fr-theme once it has started.
    await page.waitForFunction((wanted) => document.documentElement.getAttribute('data-fr-theme') === wanted, scheme, { timeout: 10_000 });
  } else {
    const dark = await page.evaluate(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
    assert.equal(dark, scheme === 'dark', 'the browser emulates the colour scheme');
  }
}

/** Declares the checks of one theme; each theme has its own test file, so that the two run side by side. */
export function checkAccessibility(name: 'default' | 'dsfr'): void {
  const theme = THEMES.find((each) => each.name === name)!;
  describe(`accessibility of every page, ${theme.name} theme (axe-core, WCAG 2.1 A and AA)`, { skip: chromiumSkip() || theme.skip }, () => {
    let browser: Browser;
    let wiki: ThemedWiki;

    before(async () => {
      [browser, wiki] = await Promise.all([launchBrowser(), startThemedWiki(theme.name)]);
    });

    after(async () => {
      await browser?.close();
      await wiki?.close();
    });

    for (const scheme of SCHEMES) {
      for (const kind of PAGE_KINDS) {
        for (const width of kind.narrow ? [1280, 360] : [1280]) {
          test(`${kind.name} (${kind.path}), ${scheme}, ${width} px`, async (t) => {
            const { page, scriptErrors } = await newPage(t, browser, { colorScheme: scheme, locale: 'fr-FR', viewport: { width, height: 900 } });
            if (kind.as) await signIn(page, wiki, kind.as);
            const response = await page.goto(wiki.url(kind));
            assert.equal(response?.status(), kind.status ?? 200);
            await waitForScheme(page, theme.name, scheme);
            const found = await violations(page);
            assert.deepEqual(found, [], `axe-core found ${found.length} violation(s) on ${kind.path}:\n${found.join('\n')}`);
            assert.deepEqual(scriptErrors, []);
          });
        }
      }
    }

    if (theme.name === 'dsfr') {
      test('the display settings dialog, open', async (t) => {
        const { page } = await newPage(t, browser, { locale: 'fr-FR' });
        await page.goto(wiki.server.url);
        await waitForScheme(page, 'dsfr', 'light');
        await page.locator('.fr-header__tools-links .fr-btn--display').click();
        await page.waitForFunction(() => document.querySelector('#fr-theme-modal')?.hasAttribute('open'), undefined, { timeout: 10_000 });
        // The dialog fades in: contrast measured mid-transition (on a loaded machine) sees half-transparent text.
        await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), undefined, { timeout: 10_000 });
        const found = await violations(page);
        assert.deepEqual(found, [], found.join('\n'));
      });
    }
  });
}
