import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';
import { chromiumSkip, launchBrowser, newPage } from '../helpers/browser.js';
import { makeRepo } from '../helpers/repo.js';
import { build, serveFolder } from '../site/static-site.js';

const realFetch = globalThis.fetch;

interface StaticResult {
  url: string;
  title: string;
  crumbs: string;
}

/**
 * Runs the script the static site ships, as a browser would load it: an ES module whose `fetch` reads the
 * files beside it (Node's fetch has no file: URLs, so file: requests are answered from disk here).
 */
async function staticSearcher(t: import('node:test').TestContext, folder: string): Promise<{ search(q: string): Promise<StaticResult[]>; fetched: string[] }> {
  const fetched: string[] = [];
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'file:') return realFetch(input);
    fetched.push(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
    const path = fileURLToPath(url);
    return existsSync(path) ? new Response(await readFile(path)) : new Response('', { status: 404 });
  }) as typeof fetch;
  t.after(() => {
    globalThis.fetch = realFetch;
  });
  const module = (await import(pathToFileURL(join(folder, 'search.js')).href)) as { search(q: string): Promise<StaticResult[]> };
  return { search: (q) => module.search(q), fetched };
}

const FILES: Record<string, string> = {
  'index.md': '---\ntitle: Accueil\n---\nBienvenue.\n',
  'politique.md': '---\ntitle: Politique de contribution\n---\n# Objectifs\n\nLes administrations publient leurs codes sources.\n',
  'ministeres/index.md': '---\ntitle: Ministères\n---\nLes feuilles de route.\n',
  'ministeres/feuilles.md': '---\ntitle: Feuilles de route\n---\nLes feuilles de route ministérielles.\n',
  'adullact.md': '# Association\n\nL’ADULLACT mutualise des logiciels.\n',
};
for (let i = 0; i < 30; i++) FILES[`zoo/animal-${i}.md`] = `# Animal ${i}\n\nUn zèbre numéro ${i}.\n`;

/** The wiki built by `feuillet build` into a fresh folder. */
async function builtSite(t: import('node:test').TestContext): Promise<{ repo: ReturnType<typeof makeRepo>; out: string }> {
  const repo = makeRepo(FILES);
  const out = join(mkdtempSync(join(tmpdir(), 'feuillet-static-search-')), 'site');
  t.after(() => {
    repo.cleanup();
    rmSync(join(out, '..'), { recursive: true, force: true });
  });
  await build(repo.dir, out);
  return { repo, out };
}

test('the static search of a built site: compact shards, and a query loads only the files it needs', async (t) => {
  const { repo, out } = await builtSite(t);
  const folder = join(out, '-', 'search');
  const written = readdirSync(folder);
  assert.ok(written.includes('manifest.json') && written.includes('stem-fr.js') && written.includes('search.js') && written.includes('index.html'));
  assert.ok(written.filter((f) => f.startsWith('terms-')).length > 10, 'the index is split by first letters');

  const { search, fetched } = await staticSearcher(t, folder);
  const results = await search('ministerielles');
  assert.equal(results[0]?.url, '/ministeres/feuilles');
  assert.equal(results[0]?.crumbs, 'Accueil › Ministères');
  assert.deepEqual(fetched.sort(), ['docs-0.json', 'manifest.json', 'terms-mi.json']);
  assert.equal((await search('ADULLACT'))[0]?.url, '/adullact');
  assert.equal((await search('logiciel'))[0]?.url, '/adullact', 'French word forms');
  assert.equal((await search('contribution politique'))[0]?.url, '/politique');
  assert.equal((await search('zebre 7'))[0]?.url, '/zoo/animal-7');
  assert.deepEqual(await search('introuvable'), []);
  assert.deepEqual(await search('   '), []);

  const { document } = parseHTML(readFileSync(join(folder, 'index.html'), 'utf8'));
  assert.equal(document.querySelector('form[data-static-search]')?.getAttribute('action'), '/-/search');
  assert.equal(document.querySelector('script[type="module"]')?.getAttribute('src'), '/-/search/search.js');
  assert.ok(readFileSync(join(folder, 'manifest.json'), 'utf8').length < 2000);

  // A commit is found by the next build, which counts only the page that changed.
  repo.commit('Nouvelle page', { 'nouvelle.md': '---\ntitle: Nouveauté\n---\nUn ornithorynque.\n' });
  const report = await build(repo.dir, out);
  assert.equal(report.unchanged, false);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { docs: number; shards: Record<string, string> };
  assert.equal(manifest.docs, 36);
  const shard = JSON.parse(readFileSync(join(folder, manifest.shards['or'] ?? ''), 'utf8')) as Record<string, number[]>;
  const [doc = -1] = shard['ornithorynque'] ?? [];
  const docs = JSON.parse(readFileSync(join(folder, 'docs-0.json'), 'utf8')) as string[][];
  assert.equal(docs[doc]?.[0], '/nouvelle');
});

test('in Chromium, the search form of a built page leads to the static search page, which finds the page', { skip: chromiumSkip() }, async (t) => {
  const { out } = await builtSite(t);
  const site = await serveFolder(out);
  t.after(() => site.close());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const { page, scriptErrors } = await newPage(t, browser);
  await page.goto(`${site.url}/politique`);
  await page.fill('header form[role="search"] input[name="q"]', 'ministérielles');
  await page.press('header form[role="search"] input[name="q"]', 'Enter');
  await page.waitForURL(/\/-\/search\/\?q=/);
  const first = page.locator('.search-output .search-results a').first();
  await first.waitFor();
  assert.equal(await first.textContent(), 'Feuilles de route');
  // As the reader types, the results follow.
  await page.fill('main form[data-static-search] input[type="search"]', 'zebre 12');
  await page.waitForFunction(() => document.querySelector('.search-output .search-results a')?.textContent === 'Animal 12');
  await first.click();
  // A plain static server answers the page's URL with a redirect to its folder.
  await page.waitForURL(/\/zoo\/animal-12\/?$/);
  assert.equal(await page.locator('main h1').textContent(), 'Animal 12');
  assert.deepEqual(scriptErrors, []);
});
