import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteSearch } from '../../src/search/site-search.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { openWiki } from '../../src/wiki/open.js';
import { git, makeRepo } from '../helpers/repo.js';

const PAGES = {
  'index.md': '---\ntitle: Accueil\n---\nBienvenue sur le wiki.\n',
  'politique.md': '---\ntitle: Politique de contribution\n---\n# Objectifs\n\nLes administrations publient leurs codes sources.\n',
  'adullact.md': '---\ntitle: Association\n---\nL’ADULLACT mutualise des logiciels pour les collectivités.\n',
  'ministeres/feuilles.md': '---\ntitle: Feuilles de route\n---\nLes feuilles de route ministérielles décrivent les engagements.\n',
  'ministeres/culture/index.md': '---\ntitle: Culture\n---\nLe ministère de la Culture publie un logiciel libre.\n',
  'corps.md': '---\ntitle: Notes\n---\nUne page qui parle de politique au milieu de son texte, sans en faire son titre.\n',
  'données/œuvres.md': '# Œuvres numériques\n\nUn inventaire des œuvres.\n',
};

async function setUp(t: import('node:test').TestContext) {
  const repo = makeRepo(PAGES);
  const opened = await openWiki({ repo: repo.dir });
  const file = join(repo.dir, '.git', 'feuillet', 'search.sqlite');
  const search = new SiteSearch(opened.wiki, file);
  t.after(() => {
    search.close();
    opened.source.close();
    repo.cleanup();
  });
  const first = async (query: string, folder?: string) => (await search.search({ query, folder: folder as WikiPath | undefined })).results[0]?.path;
  const paths = async (query: string) => (await search.search({ query })).results.map((r) => r.path).sort();
  return { repo, search, file, first, paths };
}

test('accents, case and French word forms do not matter', async (t) => {
  const { first, paths } = await setUp(t);
  assert.equal(await first('ministerielles'), 'ministeres/feuilles.md');
  assert.equal(await first('MINISTÉRIELLE'), 'ministeres/feuilles.md');
  assert.equal(await first('Adullact'), 'adullact.md');
  assert.equal(await first('collectivité'), 'adullact.md');
  assert.deepEqual(await paths('logiciels'), ['adullact.md', 'ministeres/culture/index.md']);
  assert.deepEqual(await paths('logiciel'), ['adullact.md', 'ministeres/culture/index.md']);
  assert.equal(await first('oeuvres'), undefined, 'œ is a letter of its own for the tokenizer');
  assert.equal(await first('œuvre'), 'données/œuvres.md');
});

test('title and headings weigh more than body text; phrases and exclusions', async (t) => {
  const { first, paths, search } = await setUp(t);
  assert.equal(await first('politique'), 'politique.md');
  assert.equal(await first('objectifs'), 'politique.md');
  assert.deepEqual(await paths('"feuilles de route"'), ['ministeres/feuilles.md']);
  assert.deepEqual(await paths('"route de feuilles"'), []);
  assert.deepEqual(await paths('politique -contribution'), ['corps.md']);
  const [hit] = (await search.search({ query: 'politique' })).results;
  assert.ok(hit?.title.some((part) => part.hit && part.text === 'Politique'), 'the matched title word is marked');
});

test('prefixes match while typing, and the folder filter narrows to a folder and below', async (t) => {
  const { first, paths } = await setUp(t);
  assert.deepEqual(await paths('minist'), ['ministeres/culture/index.md', 'ministeres/feuilles.md']);
  assert.equal(await first('cultu'), 'ministeres/culture/index.md');
  assert.deepEqual(await paths('publi'), ['ministeres/culture/index.md', 'politique.md']);
  assert.equal(await first('publi', 'ministeres'), 'ministeres/culture/index.md');
  assert.equal(await first('publi', 'ministeres/culture'), 'ministeres/culture/index.md');
  assert.equal(await first('politique', 'ministeres'), undefined);
  assert.equal(await first('publi', 'minis'), undefined, 'a folder filter is a whole folder name');
});

test('a new commit re-indexes only the pages whose content changed', async (t) => {
  const { repo, search, first } = await setUp(t);
  await search.ready();
  assert.equal(search.lastUpdate.indexed, Object.keys(PAGES).length);
  repo.commit('Une page change, une autre arrive', {
    'corps.md': '---\ntitle: Notes\n---\nMaintenant il est question de souveraineté.\n',
    'nouvelle.md': '# Nouvelle\n\nUne page sur l’interopérabilité.\n',
  });
  assert.equal(await first('souveraineté'), 'corps.md');
  assert.deepEqual(search.lastUpdate, { indexed: 2, removed: 0 });
  assert.equal(await first('interoperabilite'), 'nouvelle.md');
  git(repo.dir, ['mv', 'adullact.md', 'association.md']);
  git(repo.dir, ['rm', '--quiet', 'données/œuvres.md']);
  repo.commit('Renommer, supprimer');
  assert.equal(await first('adullact'), 'association.md');
  assert.equal(await first('œuvre'), undefined);
  assert.deepEqual(search.lastUpdate, { indexed: 1, removed: 2 });
});

test('a deleted or damaged index file is rebuilt from git', async (t) => {
  const { search, file, first } = await setUp(t);
  assert.equal(await first('adullact'), 'adullact.md');
  search.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  writeFileSync(file, 'ceci n’est pas une base SQLite '.repeat(200));
  const { wiki } = search;
  const reopened = new SiteSearch(wiki, file);
  t.after(() => reopened.close());
  assert.equal((await reopened.search({ query: 'adullact' })).results[0]?.path, 'adullact.md');
  // Deleted while the server runs: the next query notices and builds it again.
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  assert.equal((await reopened.search({ query: 'collectivités' })).results[0]?.path, 'adullact.md');
  assert.ok(existsSync(file));
});

test('hostile queries never reach FTS5 as syntax', async (t) => {
  const { search } = await setUp(t);
  const hostile = [
    '"',
    '""""',
    'NEAR(politique contribution, 2)',
    'title: politique',
    '{title}: politique',
    'politique*',
    '*',
    '^politique',
    'a OR b AND NOT c',
    '-politique',
    '- - -',
    '\u0000\u0001\u0002politique\u0003',
    '\ud800politique',
    '(((((',
    'politique '.repeat(2000),
    'x'.repeat(100_000),
    '🙂 𝔭𝔬𝔩𝔦𝔱𝔦𝔮𝔲𝔢',
  ];
  for (const query of hostile) {
    const results = await search.search({ query });
    assert.ok(Array.isArray(results.results), JSON.stringify(query.slice(0, 40)));
  }
  assert.equal((await search.search({ query: '((politique:*' })).results[0]?.path, 'politique.md', 'punctuation is only a separator');
  assert.equal((await search.search({ query: '-politique' })).results.length, 0, 'only exclusions: nothing to look for');
  assert.equal((await search.search({ query: 'politique', page: 1e9 })).results.length, 0);
});
