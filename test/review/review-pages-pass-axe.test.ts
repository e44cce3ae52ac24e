/**
 * The review pages that hold the most (a change with its diffs, previews, discussion and the
 * maintainer's forms; a thread; a message), in both themes, light and dark, pass axe-core's WCAG 2.1 A and AA rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { listChanges } from '../../src/review/changes.js';
import { axeViolations } from '../helpers/axe.js';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { THEMES } from '../helpers/themes.js';
import { PREFIX, reviewWorld, serveWorld, type ReviewServer, type ReviewWorld } from './desk-fixture.js';

for (const theme of THEMES) {
  describe(`review pages, ${theme.name} theme`, { skip: chromiumSkip() || theme.skip }, () => {
    let world: ReviewWorld;
    let server: ReviewServer;
    let browser: Browser;
    let paths: string[] = [];
    let cookie = '';

    before(async () => {
      world = await reviewWorld({
        '.feuillet.yml': `theme: ${theme.name}\n`,
        'index.md': '---\ntitle: Accueil\n---\n\nVoir [le guide](guide.md).\n',
        'guide.md': '# Guide\n\n## Présentation\n\nUn.\n',
      });
      server = await serveWorld(world);
      browser = await launchBrowser();
      world.contributor.commit('Réécrit le guide', { 'guide.md': '# Guide\n\n## Présentation\n\nDeux, voir [absente](absente.md).\n', 'images/logo.png': Buffer.alloc(300, 7) });
      world.contributor.commit('Supprime l’accueil', {}, ['index.md']);
      const mails = world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--cover-letter', '--thread=shallow', 'HEAD~2']);
      await world.ingest(mails);
      const change = (await listChanges(world.db)).changes[0]!;
      await world.ingest([
        Buffer.from(`From: Bob <bob@example.org>\nSubject: Re: guide\nMessage-ID: <bob@example.org>\nIn-Reply-To: <${change.seriesId}>\n\n> citation\n\nReviewed-by: Bob <bob@example.org>\n-- \nBob\n`),
      ]);
      cookie = (await server.signIn('maia@example.org', 'maintainer', 'Maïa')).cookie;
      const encoded = encodeURIComponent(change.seriesId);
      paths = [`/-/review/${change.number}`, `/-/archive/t/${encoded}`, `/-/archive/m/${encoded}`, '/-/review/?state=proposed'];
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      await world?.cleanup();
    });

    for (const scheme of ['light', 'dark'] as const) {
      test(`the change page, a thread and a message pass axe-core (${scheme})`, async (t) => {
        const { page, scriptErrors } = await newPage(t, browser, { colorScheme: scheme, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
        const [name, value] = cookie.split('=') as [string, string];
        await page.context().addCookies([{ name, value, url: server.url }]);
        for (const path of paths) {
          const response = await page.goto(new URL(path.slice(1), server.url).href);
          assert.equal(response?.status(), 200, path);
          if (theme.name === 'dsfr') {
            // The DSFR's script turns data-fr-scheme="system" into data-fr-theme once it has started.
            await page.waitForFunction((wanted) => document.documentElement.getAttribute('data-fr-theme') === wanted, scheme, { timeout: 10_000 });
          }
          const found = await axeViolations(page);
          assert.deepEqual(found, [], `${path}:\n${found.join('\n')}`);
        }
        assert.deepEqual(scriptErrors, []);
      });
    }
  });
}
