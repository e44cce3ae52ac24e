import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parseHTML } from 'linkedom';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { build, crawl, HISTORY_LINK, serveFolder } from './static-site.js';

// A small wiki shaped like the bundled manual: folders with and without index pages, accents, anchors,
// attachments, a link to a missing page, a README as a folder page.
const WIKI = {
  'index.md': '---\ntitle: Manuel\n---\n\n# Bienvenue\n\nVoir [installer](guide/installer.md), [les réglages](guide/réglages.md#langue), [images](médias/).\n\nUne [page absente](absente.md).\n',
  'guide/index.md': '---\ntitle: Guide\n---\n\n- [Installer](installer.md)\n- [Réglages](réglages.md)\n',
  'guide/installer.md': '# Installer\n\n## Prérequis\n\nLire [le réglage de la langue](réglages.md#langue) et [le PDF](../médias/notice.pdf).\n',
  'guide/réglages.md': '---\ntitle: Réglages\ntoc: true\n---\n\n## Langue\n\nDu texte.\n\n## Thème\n\nRetour à l’[accueil](../index.md).\n',
  'médias/notice.pdf': Buffer.from('%PDF-1.4\n% test\n'),
  'médias/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'notes/README.md': '# Notes\n\nVoir [le guide](../guide/).\n',
  'notes/2024/bilan.md': '# Bilan\n\n![logo](../../médias/logo.svg)\n',
};

let repo: ReturnType<typeof makeRepo>;
let out = '';
let server: TestServer;

before(async () => {
  repo = makeRepo(WIKI);
  out = join(mkdtempSync(join(tmpdir(), 'feuillet-site-')), 'site');
  await build(repo.dir, out);
  server = await startServer({ repo: repo.dir });
});

after(async () => {
  await server.close();
  repo.cleanup();
  rmSync(join(out, '..'), { recursive: true, force: true });
});

test('every page and listing is the very document the server answers, at URL/index.html, but for the history link', async () => {
  const pages: Record<string, string> = { '/': 'index.md', '/guide/': 'guide/index.md', '/guide/installer': 'guide/installer.md', '/guide/r%C3%A9glages': 'guide/r%C3%A9glages.md', '/notes/': 'notes/README.md', '/notes/2024/bilan': 'notes/2024/bilan.md' };
  const listings = ['/notes/2024/', '/m%C3%A9dias/'];
  for (const url of [...Object.keys(pages), ...listings]) {
    const served = await (await server.get(url, { 'accept-language': 'fr' })).text();
    const disk = decodeURIComponent(url).replace(/\/?$/, '/index.html').slice(1);
    const file = pages[url];
    if (file) assert.equal(HISTORY_LINK.exec(served)?.[0], ` · <a href="/-/history/${file}">Historique</a>`, url);
    assert.equal(readFileSync(join(out, disk), 'utf8'), served.replace(HISTORY_LINK, ''), url);
  }
});

test('every page shows the pages that link to it, the same on the server and in the static site', () => {
  const backlinks = (disk: string) => [...parseHTML(readFileSync(join(out, disk), 'utf8')).document.querySelectorAll('main section.backlinks a')].map((a) => `${a.textContent} ${a.getAttribute('href')}`);
  assert.deepEqual(backlinks('guide/réglages/index.html'), ['Guide /guide/', 'Installer /guide/installer', 'Manuel /']);
  assert.deepEqual(backlinks('index.html'), ['Réglages /guide/r%C3%A9glages']);
  assert.deepEqual(backlinks('notes/2024/bilan/index.html'), []);
  assert.match(readFileSync(join(out, 'notes/2024/bilan/index.html'), 'utf8'), /<h2 id="backlinks-title">Pages qui mènent ici<\/h2><p>Aucune autre page ne mène ici\.<\/p>/);
});

test('attachments, sources, assets and the 404 page are written where links point', async () => {
  assert.deepEqual(readFileSync(join(out, 'médias/notice.pdf')), WIKI['médias/notice.pdf']);
  assert.equal(readFileSync(join(out, '-/source/guide/installer.md'), 'utf8'), WIKI['guide/installer.md']);
  assert.ok(readFileSync(join(out, '-/assets/feuillet.css')).length > 0);
  assert.ok(readFileSync(join(out, '-/assets/feuillet.js')).length > 0);
  assert.match(readFileSync(join(out, '404.html'), 'utf8'), /^<!doctype html>/);
});

test('old .md URLs lead to the page: a redirect page, _redirects and the nginx include', () => {
  const page = readFileSync(join(out, 'guide/réglages.md/index.html'), 'utf8');
  assert.match(page, /<meta http-equiv="refresh" content="0; url=\/guide\/r%C3%A9glages">/);
  assert.match(page, /<link rel="canonical" href="\/guide\/r%C3%A9glages">/);
  const rules = readFileSync(join(out, '_redirects'), 'utf8').split('\n');
  assert.ok(rules.includes('/guide/r%C3%A9glages.md /guide/r%C3%A9glages 301'));
  assert.ok(rules.includes('/guide/index.md /guide/ 301'));
  const nginx = readFileSync(join(out, '-/nginx-redirects.conf'), 'utf8');
  assert.match(nginx, /location = "\/guide\/réglages\.md" \{ return 301 "\/guide\/r%C3%A9glages"; \}/);
});

test('a static file server of the output has no broken internal link', async () => {
  const site = await serveFolder(out);
  try {
    const { visited, paths, broken } = await crawl(site.url);
    assert.deepEqual(broken, []);
    assert.ok(visited >= 12, `visited ${visited}`);
    // Every page's search form and feed link lead somewhere, and so does the search page's script.
    for (const path of ['/-/search', '/-/changes.atom', '/-/search/search.js']) assert.ok(paths.has(path), path);
    // The search form sends its query: the static server's redirect to the folder keeps it for the script.
    const search = await fetch(`${site.url}/-/search?q=installer`);
    assert.equal(new URL(search.url).search, '?q=installer');
    assert.match(await search.text(), /data-static-search/);
    // The old address of a page still lands on it.
    const old = await fetch(`${site.url}/guide/installer.md`);
    assert.equal(old.status, 200);
    assert.match(await old.text(), /url=\/guide\/installer"/);
  } finally {
    await site.close();
  }
});

test('--base-url puts every link below its path and writes absolute URLs in the sitemap', async () => {
  const prefixed = join(out, '..', 'prefixed');
  const report = await build(repo.dir, prefixed, { baseUrl: 'https://wiki.example.org/manuel/' });
  assert.equal(report.pages, 6);
  const home = readFileSync(join(prefixed, 'index.html'), 'utf8');
  assert.match(home, /href="\/manuel\/guide\/installer"/);
  assert.match(home, /href="\/manuel\/-\/assets\/feuillet\.css\?v=/);
  const sitemap = readFileSync(join(prefixed, 'sitemap.xml'), 'utf8');
  assert.match(sitemap, /<loc>https:\/\/wiki\.example\.org\/manuel\/guide\/r%C3%A9glages<\/loc><lastmod>\d{4}-\d\d-\d\d<\/lastmod>/);
  assert.match(readFileSync(join(prefixed, 'robots.txt'), 'utf8'), /Sitemap: https:\/\/wiki\.example\.org\/manuel\/sitemap\.xml/);
  assert.ok(!existsSync(join(out, 'sitemap.xml')), 'no sitemap without the site address');
});

test('the feed of recent changes parses, and its entries lead to pages of the site', async () => {
  const repoFeed = parseFeed(readFileSync(join(out, '-/changes.atom'), 'utf8'));
  assert.equal(repoFeed.meta.type, 'atom');
  assert.equal(repoFeed.title, 'Modifications récentes — wiki');
  const site = await serveFolder(out);
  try {
    for (const item of repoFeed.items) {
      assert.ok(item.id?.startsWith('urn:feuillet:commit:'), 'without --base-url, ids are absolute all the same');
      assert.equal((await fetch(new URL(item.url ?? '', `${site.url}/-/changes.atom`))).status, 200, item.url ?? '');
    }
  } finally {
    await site.close();
  }
  repo.commit('Réglages retouchés', { 'guide/réglages.md': '---\ntitle: Réglages\n---\n\n## Langue\n\nAutre texte.\n' });
  const prefixed = join(out, '..', 'prefixed-feed');
  await build(repo.dir, prefixed, { baseUrl: 'https://wiki.example.org/manuel/' });
  const feed = parseFeed(readFileSync(join(prefixed, '-/changes.atom'), 'utf8'));
  assert.deepEqual(feed.items.map((i) => i.title), ['Réglages retouchés', 'Premier commit']);
  assert.equal(feed.items[0]?.url, 'https://wiki.example.org/manuel/guide/r%C3%A9glages');
  assert.ok(feed.items.every((i) => i.id?.startsWith('https://wiki.example.org/manuel/-/commit/') && i.updated && i.authors[0]?.name === 'Camille Test'));
});

test('the missing page is reported with its path and line', async () => {
  const report = await build(repo.dir, join(out, '..', 'again'));
  assert.ok(report.problems.some((p) => p.path === 'index.md' && p.kind === 'broken-link' && p.detail === 'absente.md' && p.line === 9));
});
