import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRepo, writeFiles } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';

const FR = { 'accept-language': 'fr' };

function backlinksOf(document: Document): string[] {
  return [...document.querySelectorAll('main section.backlinks a')].map((a) => `${a.textContent} ${a.getAttribute('href')}`);
}

test('every page links to its history, which answers, and lists the pages that link to it; a commit updates the list', async (t) => {
  const repo = makeRepo({
    'index.md': '---\ntitle: Accueil\n---\nVoir [la cible](dossier/cible.md), [encore](dossier/cible.md#titre) et ![image](dossier/cible.md).\n',
    'dossier/index.md': '---\ntitle: Le dossier\n---\n[La cible](cible.md)\n',
    'dossier/cible.md': '# Cible\n\nRetour [ici](cible.md).\n',
    'autre.md': '---\ntitle: Autre\n---\nSans lien.\n',
  });
  const server = await startServer({ repo: repo.dir });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });

  const { document } = await server.page('/dossier/cible', FR);
  const history = [...document.querySelectorAll('a')].find((a) => a.textContent === 'Historique');
  assert.equal(history?.getAttribute('href'), '/-/history/dossier/cible.md');
  const historyPage = await server.page('/-/history/dossier/cible.md', FR);
  assert.equal(historyPage.response.status, 200);
  assert.match(historyPage.document.querySelector('main')?.textContent ?? '', /Premier commit/);

  assert.equal(document.querySelector('main section.backlinks h2')?.textContent, 'Pages qui mènent ici');
  // Once per page, by title; the page's link to itself and the image do not count.
  assert.deepEqual(backlinksOf(document), ['Accueil /', 'Le dossier /dossier/']);
  assert.deepEqual(backlinksOf((await server.page('/autre', FR)).document), []);
  assert.equal((await server.page('/autre', FR)).document.querySelector('main section.backlinks p')?.textContent, 'Aucune autre page ne mène ici.');

  repo.commit('Lier la cible', { 'autre.md': '---\ntitle: Autre\n---\nVers [la cible](dossier/cible.md).\n' });
  assert.deepEqual(backlinksOf((await server.page('/dossier/cible', FR)).document), ['Accueil /', 'Autre /autre', 'Le dossier /dossier/']);
});

test('a wiki served from a folder without git has no history pages: its pages show no history link', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-worktree-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, { 'index.md': '---\ntitle: Accueil\n---\n[Page](page.md)\n', 'page.md': '# Page\n' });
  const server = await startServer({ repo: dir });
  t.after(() => server.close());
  const { document } = await server.page('/page', FR);
  assert.equal([...document.querySelectorAll('a')].find((a) => a.textContent === 'Historique'), undefined);
  assert.deepEqual(backlinksOf(document), ['Accueil /']);
});
