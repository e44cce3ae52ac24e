import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromiumSkip, launchBrowser, newPage, serveWithCli, type CliServer } from '../helpers/browser.js';
import { makeRepo } from '../helpers/repo.js';

describe('previewing a work tree in a browser', { skip: chromiumSkip(), timeout: 120_000 }, () => {
  let browser: Browser;
  let repo: ReturnType<typeof makeRepo>;
  let cli: CliServer;

  before(async () => {
    repo = makeRepo({ 'index.md': '---\ntitle: Brouillon\n---\nPremière version du texte.\n' });
    [browser, cli] = await Promise.all([launchBrowser(), serveWithCli(['--worktree', repo.dir])]);
  });

  after(async () => {
    await browser?.close();
    await cli?.stop();
    repo?.cleanup();
  });

  test('saving a file reloads the open page by itself, showing the new, uncommitted text', async (t) => {
    const { page, scriptErrors } = await newPage(t, browser);
    // The edit must come after the page subscribed to changes, or there would be nothing to notify.
    const subscribed = page.waitForResponse((response) => new URL(response.url()).pathname === '/-/events');
    await page.goto(cli.url);
    assert.equal((await subscribed).status(), 200, cli.output());
    assert.match((await page.locator('main').textContent()) ?? '', /Première version/);
    // A mark that only survives if the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { beforeEdit: true }));

    writeFileSync(join(repo.dir, 'index.md'), '---\ntitle: Brouillon relu\n---\nSeconde version, enregistrée sans commit.\n');

    await page
      .waitForFunction(() => document.querySelector('main')?.textContent?.includes('Seconde version'), undefined, { timeout: 10_000 })
      .catch(async () => assert.fail(`the page still shows « ${await page.locator('main').textContent()} »`));
    assert.equal(await page.evaluate(() => 'beforeEdit' in window), false, 'the page was reloaded, not patched');
    assert.equal(await page.locator('h1').textContent(), 'Brouillon relu');
    assert.deepEqual(scriptErrors, []);
  });
});
