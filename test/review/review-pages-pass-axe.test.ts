/**
 * The review pages that hold the most (a change with its diffs, previews, discussion and the
 * maintainer's forms; a thread; a message), in light and dark, pass axe-core's WCAG 2.1 A and AA rules.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { listChanges } from '../../src/review/changes.js';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { PREFIX, reviewWorld, serveWorld, type ReviewServer, type ReviewWorld } from './desk-fixture.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function violations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  return results.violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`);
}

let world: ReviewWorld;
let server: ReviewServer;
let browser: Browser;
let paths: string[] = [];
let cookie = '';

before(async () => {
  if (chromiumSkip()) return;
  world = await reviewWorld({ 'index.md': '---\ntitle: Accueil\n---\n\nVoir [le guide](guide.md).\n', 'guide.md': '# Guide\n\n## Présentation\n\nUn.\n' });
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
  test(`the change page, a thread and a message pass axe-core (${scheme})`, { skip: chromiumSkip() }, async (t) => {
    const { page, scriptErrors } = await newPage(t, browser, { colorScheme: scheme, locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: server.url }]);
    for (const path of paths) {
      const response = await page.goto(new URL(path.slice(1), server.url).href);
      assert.equal(response?.status(), 200, path);
      const found = await violations(page);
      assert.deepEqual(found, [], `${path}:\n${found.join('\n')}`);
    }
    assert.deepEqual(scriptErrors, []);
  });
}
