/**
 * In Chromium: a save refused as too large before it is read (413, a body far over the largest page)
 * keeps the editor as it was, the text in it, and the draft in the browser, which the editor offers back
 * when opened again. Nothing is committed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchBrowser } from '../helpers/browser.js';
import { editWorld, type EditWorld } from './edit-fixture.js';
import { signedInPage } from './signed-in-page.js';

describe('a too large save in the browser', { skip: chromiumSkip() }, () => {
  let browser: Browser;
  let w: EditWorld;

  before(async () => {
    [browser, w] = await Promise.all([launchBrowser(), editWorld()]);
  });
  after(async () => {
    await browser?.close();
    await w?.close();
  });

  test('the 413 leaves the text in the editor and a draft that is offered back', async (t) => {
    // A small largest page, so that a text far over it is a few hundred kilobytes.
    w.world.opened.wiki.options.maxPageBytes = 1000;
    const { page, scriptErrors } = await signedInPage(t, browser, w, 'writer', 'eve@example.org', 'Ève');
    const url = (path: string) => new URL(path.slice(1), w.server.url).href;
    await page.goto(url('/-/edit/guide.md'));
    const mine = `# Guide\n\n${'Un texte bien trop long pour une page. '.repeat(5000)}\n`;
    await page.locator('#editor-text').fill(mine);
    const head = w.head();
    const answered = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/-/edit/guide.md'));
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    assert.equal((await answered).status(), 413);
    await page.locator('.editor-status', { hasText: 'L’enregistrement a échoué' }).waitFor();
    assert.equal(await page.locator('#editor-text').inputValue(), mine);
    assert.equal(w.head(), head, 'nothing committed');
    const drafts = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('feuillet-draft:guide.md:')).map((key) => (JSON.parse(localStorage.getItem(key) ?? '{}') as { text?: string }).text));
    assert.deepEqual(drafts, [mine]);

    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(url('/-/edit/guide.md'));
    await page.getByRole('button', { name: 'Reprendre le brouillon' }).click();
    assert.equal(await page.locator('#editor-text').inputValue(), mine);
    assert.deepEqual(scriptErrors, []);
  });
});
