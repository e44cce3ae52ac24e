import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';
import { staticSearchPages, writeStaticSearch } from '../../src/search/static-index.js';
import { staticSearchDocument } from '../../src/site/search-documents.js';
import { publicationOf } from '../../src/site/publication.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';

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
  const realFetch = globalThis.fetch;
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

test('the static search: compact shards, and a query loads only the files it needs', async (t) => {
  const files: Record<string, string> = {
    'index.md': '---\ntitle: Accueil\n---\nBienvenue.\n',
    'politique.md': '---\ntitle: Politique de contribution\n---\n# Objectifs\n\nLes administrations publient leurs codes sources.\n',
    'ministeres/feuilles.md': '---\ntitle: Feuilles de route\n---\nLes feuilles de route ministérielles.\n',
    'adullact.md': '# Association\n\nL’ADULLACT mutualise des logiciels.\n',
  };
  for (let i = 0; i < 30; i++) files[`zoo/animal-${i}.md`] = `# Animal ${i}\n\nUn zèbre numéro ${i}.\n`;
  const repo = makeRepo(files);
  const out = mkdtempSync(join(tmpdir(), 'feuillet-static-search-'));
  t.after(() => {
    repo.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  const opened = await openWiki({ repo: repo.dir });
  t.after(() => opened.source.close());
  const pages = await staticSearchPages(opened.wiki, await opened.wiki.revision());
  await writeStaticSearch(out, pages);
  const folder = join(out, '-', 'search');
  const written = readdirSync(folder);
  assert.ok(written.includes('manifest.json') && written.includes('stem-fr.js') && written.includes('search.js'));
  assert.ok(written.filter((f) => f.startsWith('terms-')).length > 10, 'the index is split by first letters');

  const { search, fetched } = await staticSearcher(t, folder);
  const results = await search('ministerielles');
  assert.equal(results[0]?.url, '/ministeres/feuilles');
  assert.equal(results[0]?.crumbs, 'Accueil › ministeres');
  assert.deepEqual(fetched.sort(), ['docs-0.json', 'manifest.json', 'terms-mi.json']);
  assert.equal((await search('ADULLACT'))[0]?.url, '/adullact');
  assert.equal((await search('logiciel'))[0]?.url, '/adullact', 'French word forms');
  assert.equal((await search('contribution politique'))[0]?.url, '/politique');
  assert.equal((await search('zebre 7'))[0]?.url, '/zoo/animal-7');
  assert.deepEqual(await search('introuvable'), []);
  assert.deepEqual(await search('   '), []);

  const pub = publicationOf(opened, { basePath: '', assetsVersion: '1' });
  const { document } = parseHTML(staticSearchDocument(pub, 'fr'));
  assert.equal(document.querySelector('form[data-static-search]')?.getAttribute('action'), '/-/search');
  assert.equal(document.querySelector('script[type="module"]')?.getAttribute('src'), '/-/search/search.js');
  assert.ok(readFileSync(join(folder, 'manifest.json'), 'utf8').length < 2000);
});
