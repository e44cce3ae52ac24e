// In Chromium: a writer follows a red link to a missing page, creates it from the filled-in form, then
// renames it with its links updated; the create, rename, delete and upload forms pass axe-core (WCAG 2.1
// A and AA) in the default theme, light and dark.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations } from '../helpers/axe.js';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { git } from '../helpers/repo.js';
import { signIn, startThemedWiki, type ThemedWiki } from '../helpers/themes.js';

const EXTRA = {
  'recettes/index.md': '# Recettes\n\nÀ écrire : [la tarte aux pommes](tarte-aux-pommes.md).\n\n`[pas un lien](tarte-aux-pommes.md)`\n',
};

describe('file operations in the browser', { skip: chromiumSkip() }, () => {
  let browser: Browser;
  let wiki: ThemedWiki;

  before(async () => {
    [browser, wiki] = await Promise.all([launchBrowser(), startThemedWiki('default', EXTRA)]);
  });

  after(async () => {
    await browser?.close();
    await wiki?.close();
  });

  const repoDir = () => {
    const dir = wiki.server.wiki.source.label;
    return dir;
  };

  test('a writer creates a page from a red link, then renames it with link update', async (t) => {
    const { page, scriptErrors } = await newPage(t, browser);
    await signIn(page, wiki, 'admin');
    await page.goto(new URL('recettes/', wiki.server.url).href);
    const red = page.locator('a.broken-link.create-page');
    await red.click();
    await page.waitForURL((url) => url.pathname === '/-/new');
    assert.equal(await page.locator('#new-page-title').inputValue(), 'Tarte aux pommes');
    assert.equal(await page.locator('#new-page-folder').inputValue(), 'recettes');
    assert.equal(await page.locator('#new-page-name').inputValue(), 'tarte-aux-pommes.md');
    await Promise.all([page.waitForURL((url) => url.pathname !== '/-/new'), page.locator('.file-op-form button[type=submit]').click()]);
    assert.match(decodeURIComponent(new URL(page.url()).pathname), /recettes\/tarte-aux-pommes/);
    assert.match(git(repoDir(), ['show', 'main:recettes/tarte-aux-pommes.md']), /title: Tarte aux pommes/);

    // The link is no longer red.
    await page.goto(new URL('recettes/', wiki.server.url).href);
    assert.equal(await page.locator('a.broken-link').count(), 0);

    await page.goto(new URL('-/rename/recettes/tarte-aux-pommes.md', wiki.server.url).href);
    assert.equal(await page.locator('.file-op-backlinks li').count(), 1);
    assert.equal(await page.locator('#rename-update-links').isChecked(), true);
    await page.locator('#rename-to').fill('desserts/tarte-aux-pommes.md');
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/-/rename/')), page.locator('.file-op-form button[type=submit]').click()]);
    assert.match(decodeURIComponent(new URL(page.url()).pathname), /^\/desserts\/tarte-aux-pommes$/);
    const index = git(repoDir(), ['show', 'main:recettes/index.md']);
    assert.match(index, /\[la tarte aux pommes\]\(\.\.\/desserts\/tarte-aux-pommes\.md\)/);
    assert.match(index, /`\[pas un lien\]\(tarte-aux-pommes\.md\)`/);
    assert.deepEqual(scriptErrors, []);
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`the file operation forms pass axe-core, ${scheme}`, async (t) => {
      const { page, scriptErrors } = await newPage(t, browser, { colorScheme: scheme });
      await signIn(page, wiki, 'admin');
      for (const path of ['-/new?folder=guide&title=Essai', '-/upload?folder=guide', '-/rename/index.md', '-/delete/index.md', '-/new?title=!!!']) {
        const response = await page.goto(new URL(path, wiki.server.url).href);
        assert.equal(response?.status(), 200, path);
        const found = await axeViolations(page);
        assert.deepEqual(found, [], `axe-core found ${found.length} violation(s) on ${path}:\n${found.join('\n')}`);
      }
      // A form sent back with its error.
      await page.goto(new URL('-/new', wiki.server.url).href);
      await page.locator('#new-page-title').fill('!!!');
      await page.locator('.file-op-form button[type=submit]').click();
      await page.waitForSelector('.form-error');
      const found = await axeViolations(page);
      assert.deepEqual(found, [], found.join('\n'));
      assert.deepEqual(scriptErrors, []);
    });
  }
});
