import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';

test('the search page works without scripts: results, highlights, breadcrumbs, folder filter, pages of results', async (t) => {
  const files: Record<string, string> = { 'index.md': '---\ntitle: Accueil\n---\nBienvenue.\n' };
  for (let i = 0; i < 25; i++) files[`rapports/r${String(i).padStart(2, '0')}.md`] = `---\ntitle: Rapport ${i}\n---\nLes logiciels libres en ${2000 + i}.\n`;
  files['rapports/index.md'] = '---\ntitle: Rapports\n---\nTous les rapports.\n';
  files['ailleurs.md'] = '# Ailleurs\n\nUn logiciel hors des rapports.\n';
  const repo = makeRepo(files);
  const server = await startServer({ repo: repo.dir });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  const { response, document } = await server.page('/-/search?q=logiciel');
  assert.equal(response.status, 200);
  assert.equal(document.querySelector('h1')?.textContent, 'Résultats pour « logiciel »');
  const results = [...document.querySelectorAll('ol.search-results > li')];
  assert.equal(results.length, 20);
  assert.ok(results.every((li) => li.querySelector('mark')));
  assert.equal(document.querySelector('a[rel="next"]')?.getAttribute('href'), '/-/search?q=logiciel&page=2');
  const report = results.find((li) => li.querySelector('a')?.getAttribute('href') === '/rapports/r03');
  assert.deepEqual([...(report?.querySelectorAll('.search-result-crumbs a') ?? [])].map((a) => a.textContent), ['Accueil', 'Rapports']);
  const second = await server.page('/-/search?q=logiciel&page=2');
  assert.equal(second.document.querySelectorAll('ol.search-results > li').length, 6);

  const filtered = await server.page('/-/search?q=logiciel&dossier=rapports');
  const hrefs = [...filtered.document.querySelectorAll('.search-result-title a')].map((a) => a.getAttribute('href'));
  assert.ok(!hrefs.includes('/ailleurs'));
  assert.equal(filtered.document.querySelector('select[name="dossier"] option[selected]')?.getAttribute('value'), 'rapports');

  const none = await server.page('/-/search?q=introuvable');
  assert.equal(none.document.querySelector('.search-none')?.textContent, 'Aucune page ne correspond à cette recherche.');
  const empty = await server.page('/-/search');
  assert.equal(empty.response.status, 200);
  assert.equal(empty.document.querySelector('h1')?.textContent, 'Recherche');
  assert.equal((await server.page('/-/search?q=%22&dossier=..%2F..&page=-4')).response.status, 200);
});

test('results as you type: the JSON twin of the search page', async (t) => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'guide.md': '---\ntitle: Guide de contribution\n---\nComment contribuer.\n' });
  const server = await startServer({ repo: repo.dir });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  const response = await server.get('/-/search.json?q=contri');
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = (await response.json()) as { results: { url: string; title: { text: string; hit: boolean }[] }[]; more: string | null; all: string };
  assert.equal(body.results[0]?.url, '/guide');
  assert.deepEqual(body.results[0]?.title.find((p) => p.hit), { text: 'contribution', hit: true });
  assert.equal(body.more, null);
  assert.equal(body.all, '/-/search?q=contri');
  repo.commit('Nouvelle page', { 'charte.md': '# Charte\n\nContribuer sans crainte.\n' });
  const after = (await (await server.get('/-/search.json?q=crainte')).json()) as { results: { url: string }[] };
  assert.equal(after.results[0]?.url, '/charte', 'a new commit is searchable on the next request');
});

test('a folder without git has search but no history', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-worktree-'));
  writeFileSync(join(dir, 'index.md'), '# Accueil\n\nUn brouillon à chercher.\n');
  const server = await startServer({ worktree: dir });
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const found = await server.page('/-/search?q=brouillon');
  assert.equal(found.document.querySelector('.search-result-title a')?.getAttribute('href'), '/');
  const history = await server.page('/-/history/index.md');
  assert.equal(history.response.status, 404);
  assert.match(history.document.body.textContent ?? '', /pas d’historique/);
  assert.equal((await server.get('/-/changes')).status, 404);
  assert.equal((await server.get('/-/changes.atom')).status, 404);
});
