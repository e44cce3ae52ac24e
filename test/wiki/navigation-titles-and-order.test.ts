import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { breadcrumbs, folderNavigation } from '../../src/wiki/navigation.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { openWiki } from '../../src/wiki/open.js';
import { titleFromName } from '../../src/wiki/titles.js';
import { makeRepo } from '../helpers/repo.js';

test('a title made from a file name reads as words, with a capital, and keeps dates and numbers whole', () => {
  assert.equal(titleFromName('en-tête-cassé'), 'En tête cassé');
  assert.equal(titleFromName('écrire'), 'Écrire');
  assert.equal(titleFromName('mise_en__forme'), 'Mise en forme');
  assert.equal(titleFromName('2025-01-réunion'), '2025-01 réunion');
  assert.equal(titleFromName('version-1-2'), 'Version 1-2');
  assert.equal(titleFromName('command'), 'Command');
  // Nothing but separators: the name as it is, rather than an empty title.
  assert.equal(titleFromName('---'), '---');
  assert.equal(titleFromName('_'), '_');
});

const repo = makeRepo({
  '.feuillet.yml': 'title: Wiki du groupe\n',
  'index.md': '---\ntitle: Accueil\n---\nBienvenue.\n',
  'annexe.md': '# Annexe\n',
  'guide/écrire.md': 'Sans titre.\n',
  'guide/en-tête-cassé.md': '---\ntitle: [non fermé\n---\nEn-tête invalide.\n',
  'guide/index.md': '---\ntitle: Le guide\n---\nLe guide.\n',
  'guide/pas-à-pas/étape-1.md': 'Une étape.\n',
});
const opened = await openWiki({ repo: repo.dir });

after(() => {
  opened.source.close();
  repo.cleanup();
});

const labels = async (path: string, isFolder = false) =>
  (await folderNavigation(opened.wiki, await opened.wiki.revision(), path as WikiPath, isFolder)).map((link) => `${link.label} ${link.href}${link.current ? ' (current)' : ''}`);

test('the side navigation lists the folder’s own page first (the home page at the root), then sub-folders and pages', async () => {
  assert.deepEqual(await labels('annexe.md'), ['Accueil /', 'Le guide /guide/', 'Annexe /annexe (current)']);
  assert.deepEqual(await labels('guide/écrire.md'), [
    'Le guide /guide/',
    `Pas à pas /guide/${encodeURIComponent('pas-à-pas')}/`,
    `Écrire /guide/${encodeURIComponent('écrire')} (current)`,
    `En tête cassé /guide/${encodeURIComponent('en-tête-cassé')}`,
  ]);
  assert.deepEqual((await labels('guide/index.md'))[0], 'Le guide /guide/ (current)');
});

test('breadcrumbs name a folder without an index page by a title made from its name', async () => {
  const crumbs = await breadcrumbs(opened.wiki, await opened.wiki.revision(), 'guide/pas-à-pas/étape-1.md' as WikiPath, false);
  assert.deepEqual(
    crumbs.map((c) => c.label),
    ['Accueil', 'Le guide', 'Pas à pas'],
  );
});
