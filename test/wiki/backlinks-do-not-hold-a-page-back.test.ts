import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backlinksSoon, linkMapOf } from '../../src/wiki/backlinks.js';
import { openWiki } from '../../src/wiki/open.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';

// The first map of links parses every page: on a cold start of a large wiki, a reader gets the page
// without its backlinks rather than waiting seconds for them.
// Pages of a wiki this large stop waiting for their backlinks after a while (smaller ones always wait).
const PAGES = 1_000;
const pages: Record<string, string> = { 'cible.md': '# Cible\n' };
for (let i = 0; i < PAGES; i++) pages[`pages/p${i}.md`] = `---\ntitle: Page ${i}\n---\nVers [la cible](../cible.md).\n`;

test('backlinks not ready in time are "pending", then found once the map is made', async (t) => {
  const repo = makeRepo(pages);
  const opened = await openWiki({ repo: repo.dir });
  t.after(async () => {
    await opened.source.close();
    repo.cleanup();
  });
  const revision = await opened.wiki.revision();
  // The map needs a read from git for each of 1,001 pages: it cannot be ready when a 0 ms timer fires.
  assert.equal(await backlinksSoon(opened.wiki, revision, 'cible.md' as WikiPath, 0), 'pending');
  await linkMapOf(opened.wiki, revision);
  const links = await backlinksSoon(opened.wiki, revision, 'cible.md' as WikiPath, 0);
  assert.notEqual(links, 'pending');
  assert.equal(links === 'pending' ? 0 : links.length, PAGES);
});

test('a page sent before its backlinks says so, is neither cached nor validated, and the next one lists them', async (t) => {
  const repo = makeRepo(pages);
  const server = await startServer({ repo: repo.dir });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  const FR = { 'accept-language': 'fr' };
  let sawPending = false;
  for (let tries = 0; tries < 200; tries++) {
    const { response, document } = await server.page('/cible', FR);
    assert.equal(response.status, 200);
    const items = document.querySelectorAll('main section.backlinks li').length;
    if (items === PAGES) {
      assert.ok(response.headers.get('etag'), 'a complete page has an ETag');
      return;
    }
    // Pending or not, a page is never sent with part of its backlinks.
    assert.equal(items, 0);
    assert.match(document.querySelector('main section.backlinks p')?.textContent ?? '', /en cours de calcul/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('etag'), null);
    sawPending = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the backlinks never came (pending seen: ${sawPending})`);
});
