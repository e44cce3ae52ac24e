import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { PAGE_KINDS, signIn, startThemedWiki, THEMES, type ThemedWiki } from '../helpers/themes.js';

/*
 * Keyboard only: Tab from the top of each kind of page reaches every link and control a mouse could use,
 * each with a visible focus; the editor lets Tab out of its text and saves with Ctrl+S; the light/dark
 * switch, the folded menu and the DSFR's display settings work from the keyboard.
 */

interface Walk {
  /** Every control shown on the page (a radio group counts once), described for a failure message. */
  controls: Map<string, string>;
  /** The controls Tab reached, in order. */
  reached: string[];
  /** Controls that took focus without a visible focus indicator. */
  unseen: string[];
}

/** Marks every control a pointer could use, then presses Tab until focus comes back to the first one. */
async function tabThrough(page: Page): Promise<Walk> {
  const controls = await page.evaluate(() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    const found: [string, string][] = [];
    document.querySelectorAll<HTMLElement>(selector).forEach((element, index) => {
      if ((element as HTMLButtonElement).disabled || element.closest('[inert]')) return;
      // A visually hidden radio button is shown by its label.
      const shown = [element, ...((element as HTMLInputElement).labels ?? [])];
      if (!shown.some((e) => e.checkVisibility({ checkVisibilityCSS: true }) && e.getBoundingClientRect().width > 0)) return;
      const radio = element instanceof HTMLInputElement && element.type === 'radio' ? element.name : undefined;
      const key = radio ? `radio:${radio}` : `control:${index}`;
      element.setAttribute('data-keyboard-key', key);
      const label = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
      found.push([key, `<${element.tagName.toLowerCase()}${element.getAttribute('href') ? ` href="${element.getAttribute('href')}"` : ''}> ${label}`]);
    });
    return found;
  });
  const walk: Walk = { controls: new Map(controls), reached: [], unseen: [] };
  for (let presses = 0; presses < controls.length * 2 + 10; presses++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return undefined;
      // The ring may be drawn by a label (hidden radio buttons) or a pseudo-element (the DSFR's enlarged links).
      const shown = [element, ...((element as HTMLInputElement).labels ?? [])].flatMap((e) => [null, '::before', '::after'].map((pseudo) => getComputedStyle(e, pseudo)));
      const visible = shown.some((s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none');
      return { key: element.getAttribute('data-keyboard-key') ?? `unmarked <${element.tagName.toLowerCase()}>`, visible };
    });
    if (!focus) continue;
    if (focus.key === walk.reached[0]) break;
    walk.reached.push(focus.key);
    if (!focus.visible) walk.unseen.push(walk.controls.get(focus.key) ?? focus.key);
  }
  return walk;
}

for (const theme of THEMES) {
  describe(`keyboard only, ${theme.name} theme`, { skip: chromiumSkip() || theme.skip }, () => {
    let browser: Browser;
    let wiki: ThemedWiki;
    const url = (path: string) => wiki.url({ name: path, path });

    before(async () => {
      [browser, wiki] = await Promise.all([launchBrowser(), startThemedWiki(theme.name)]);
    });

    after(async () => {
      await browser?.close();
      await wiki?.close();
    });

    for (const kind of PAGE_KINDS) {
      test(`Tab reaches every link and control of the ${kind.name} (${kind.path}), each with a visible focus`, async (t) => {
        const { page, scriptErrors } = await newPage(t, browser, { locale: 'fr-FR' });
        if (kind.as) await signIn(page, wiki, kind.as);
        const response = await page.goto(wiki.url(kind));
        assert.equal(response?.status(), kind.status ?? 200);
        // A form whose page is only that form (new page, rename) puts focus in its first field, in the content.
        const autofocused = await page.evaluate(() => (document.activeElement === document.body ? undefined : Boolean(document.activeElement?.closest('main form'))));
        const walk = await tabThrough(page);
        const missed = [...walk.controls].filter(([key]) => !walk.reached.includes(key)).map(([, label]) => label);
        assert.deepEqual(missed, [], `Tab never reached:\n${missed.join('\n')}`);
        assert.deepEqual(walk.unseen, [], `focus is not visible on:\n${walk.unseen.join('\n')}`);
        if (autofocused === undefined) {
          assert.equal(walk.controls.get(walk.reached[0] ?? '')?.includes('#contenu'), true, 'the first Tab reaches the skip link to the content');
        } else {
          assert.equal(autofocused, true, 'a page that puts focus somewhere puts it in the form of its content');
        }
        assert.deepEqual(scriptErrors, []);
      });
    }

    // The editor's text area keeps the browser's Tab (WCAG 2.1.2, no keyboard trap): Tab leaves it for the next
    // control and never types a tab, Markdown indents with spaces. Ctrl+S saves from anywhere in the form,
    // without the browser's save dialog, and the saved page is a page like any other for the keyboard.
    test('in the editor, Tab leaves the text area, and Ctrl+S saves and lets the keyboard go on', async (t) => {
      const { page, scriptErrors } = await newPage(t, browser, { locale: 'fr-FR' });
      await signIn(page, wiki, 'admin');
      await page.goto(url('/-/edit/guide/avancé/annexe.md'));
      const text = page.locator('#editor-text');
      await text.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\nAjouté au clavier.');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName.toLowerCase());
      assert.notEqual(next, 'editor-text', 'Tab leaves the text area');
      assert.equal((await text.inputValue()).includes('\t'), false, 'Tab typed nothing');
      await page.locator('#editor-message').focus();
      await page.keyboard.type('Relu au clavier');
      await page.keyboard.press('Shift+Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'editor-message', 'Shift+Tab goes back');
      await text.focus();
      await Promise.all([page.waitForURL((address) => !address.pathname.startsWith('/-/edit/')), page.keyboard.press('Control+s')]);
      assert.match(await page.locator('main').innerText(), /Ajouté au clavier\./);
      const walk = await tabThrough(page);
      assert.equal(walk.controls.get(walk.reached[0] ?? '')?.includes('#contenu'), true, 'on the saved page, the first Tab reaches the skip link');
      const missed = [...walk.controls].filter(([key]) => !walk.reached.includes(key)).map(([, label]) => label);
      assert.deepEqual(missed, [], `Tab never reached:\n${missed.join('\n')}`);
      assert.deepEqual(scriptErrors, []);
    });

    if (theme.name === 'default') {
      test('the light/dark switch works from the keyboard, is remembered, and applies before the first paint', async (t) => {
        const { page } = await newPage(t, browser, { locale: 'fr-FR', colorScheme: 'light' });
        await page.goto(url('/'));
        const walk = await tabThrough(page);
        assert.ok(walk.reached.includes('radio:theme'), 'Tab reaches the theme switch');
        await page.locator('#theme-system').focus();
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), 'light');
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark');
        assert.equal(await page.evaluate(() => localStorage.getItem('feuillet-theme')), 'dark');
        const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

        // On the next page, the stored choice is on <html> before <body> even exists: no flash of light.
        await page.addInitScript(() => {
          new MutationObserver((_, observer) => {
            if (!document.body) return;
            (window as unknown as { themeAtBody: string | null }).themeAtBody = document.documentElement.getAttribute('data-theme');
            observer.disconnect();
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto(url('/guide/'));
        assert.equal(await page.evaluate(() => (window as unknown as { themeAtBody: string | null }).themeAtBody), 'dark');
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), dark);
        assert.equal(await page.locator('#theme-dark').isChecked(), true);

        // Back to the system's choice: nothing stored any more.
        await page.locator('#theme-dark').focus();
        await page.keyboard.press('ArrowRight');
        assert.equal(await page.locator('#theme-system').isChecked(), true);
        assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
        assert.equal(await page.evaluate(() => localStorage.getItem('feuillet-theme')), null);
      });

      test('without JavaScript the page follows the system and shows no switch that would do nothing', async (t) => {
        const { page } = await newPage(t, browser, { locale: 'fr-FR', colorScheme: 'dark', javaScriptEnabled: false });
        await page.goto(url('/guide/avancé/configuration'));
        assert.equal(await page.locator('.theme-switch').isVisible(), false);
        assert.equal(await page.locator('nav#navigation a').first().isVisible(), true, 'the navigation is open');
        assert.equal(await page.locator('.toc nav a').first().isVisible(), true, 'the table of contents is open');
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.notEqual(background, 'rgb(255, 255, 255)', 'dark, as the system asks');
      });

      test('on a phone, the menu and the table of contents are folded and open from the keyboard', async (t) => {
        const { page } = await newPage(t, browser, { locale: 'fr-FR', viewport: { width: 360, height: 800 } });
        await page.goto(url('/guide/avancé/configuration'));
        assert.equal(await page.locator('nav#navigation a').first().isVisible(), false, 'the menu is folded');
        assert.equal(await page.locator('.toc nav a').first().isVisible(), false, 'the table of contents is folded');
        const noHorizontalScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
        assert.ok(noHorizontalScroll, 'nothing is wider than a 360-pixel screen');
        await page.locator('nav#navigation summary').focus();
        await page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.closest('nav')?.id);
        assert.equal(focused, 'navigation', 'Tab goes from the opened menu into its links');
      });
    }

    if (theme.name === 'dsfr') {
      test('the display settings open from the keyboard, and the choice applies', async (t) => {
        const { page } = await newPage(t, browser, { locale: 'fr-FR', colorScheme: 'light' });
        await page.goto(url('/'));
        await page.waitForFunction(() => document.documentElement.getAttribute('data-fr-theme') === 'light');
        await page.locator('.fr-header__tools-links .fr-btn--display').focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.querySelector('#fr-theme-modal')?.hasAttribute('open'), undefined, { timeout: 10_000 });
        await page.waitForFunction(() => Boolean(document.activeElement?.closest('#fr-theme-modal')), undefined, { timeout: 10_000 });
        // From the dialog's close button, Tab goes to the choices, and arrows move between them.
        await page.keyboard.press('Tab');
        const focusedChoice = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value);
        for (let presses = 0; presses < 3 && (await focusedChoice()) !== 'dark'; presses++) await page.keyboard.press('ArrowDown');
        assert.equal(await focusedChoice(), 'dark');
        await page.waitForFunction(() => document.documentElement.getAttribute('data-fr-theme') === 'dark', undefined, { timeout: 10_000 });
        // Focus stays in the dialog; from its close button, Escape closes it and focus goes back to the button.
        await page.keyboard.press('Shift+Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('fr-btn--close')), true);
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => !document.querySelector('#fr-theme-modal')?.hasAttribute('open'), undefined, { timeout: 10_000 });
        assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('fr-btn--display')), true);
      });
    }
  });
}
