import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parseHTML } from 'linkedom';
import { Backlinks } from '../../src/views/backlinks.js';
import { backlinksOf } from '../../src/wiki/backlinks.js';
import { openWiki } from '../../src/wiki/open.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { git, makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';

const enc = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** A wiki with an edit inside a paragraph, a rename into an accented folder, a merge, a deletion and many commits. */
async function setUp(t: import('node:test').TestContext, extraCommits = 0) {
  const repo = makeRepo({
    'index.md': '---\ntitle: Accueil\n---\nVoir [le guide](guide.md) et [la vieille page](vieux.md).\n',
    'guide.md': '---\ntitle: Guide\n---\n# Présentation\n\nLes logiciels libres sont utiles à toutes les administrations publiques.\n\nFin.\n',
    'vieux.md': '# Vieux\n\nÀ supprimer.\n',
    'orpheline.md': '# Orpheline\n\nPersonne ne me cite. Voir [absente](absente.md).\n',
  });
  const edit = repo.commit('Préciser le guide', {
    'guide.md': '---\ntitle: Guide\n---\n# Présentation\n\nLes logiciels libres sont indispensables à toutes les administrations publiques.\n\nFin.\n',
  });
  git(repo.dir, ['checkout', '--quiet', '-b', 'côté']);
  repo.commit('Page ajoutée sur une branche', { 'branche.md': '# Branche\n' });
  git(repo.dir, ['checkout', '--quiet', 'main']);
  const guideDir = 'documentation/été';
  repo.commit('Préparer le dossier', { [`${guideDir}/.keep`]: '' });
  git(repo.dir, ['mv', 'guide.md', `${guideDir}/guide à jour.md`]);
  const rename = repo.commit('Ranger le guide', { 'index.md': `---\ntitle: Accueil\n---\nVoir [le guide](${enc(guideDir)}/${encodeURIComponent('guide à jour.md')}) et [la vieille page](vieux.md).\n` });
  git(repo.dir, ['merge', '--quiet', '--no-ff', '--no-edit', 'côté']);
  git(repo.dir, ['rm', '--quiet', 'vieux.md']);
  const deletion = repo.commit('Supprimer la vieille page');
  for (let i = 0; i < extraCommits; i++) repo.commit(`Retouche ${i}`, { 'notes.md': `Note ${i}\n` });
  const server = await startServer({ repo: repo.dir });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  return { repo, server, edit, rename, deletion, guide: `${guideDir}/guide à jour.md` };
}

test('a page’s history follows renames and links each version and its diff', async (t) => {
  const { server, edit, rename, guide } = await setUp(t);
  const { response, document } = await server.page(`/-/history/${enc(guide)}`);
  assert.equal(response.status, 200);
  assert.equal(document.querySelector('h1')?.textContent, 'Historique de « Guide »');
  const rows = [...document.querySelectorAll('table.history tbody tr')];
  assert.deepEqual(
    rows.map((r) => r.querySelectorAll('td')[2]?.textContent?.trim().split(' (')[0]),
    ['Ranger le guide', 'Préciser le guide', 'Premier commit'],
  );
  assert.match(rows[0]?.textContent ?? '', /renommé — Renommée depuis guide\.md/);
  const links = rows.map((r) => [...r.querySelectorAll('a')].map((a) => a.getAttribute('href')));
  assert.deepEqual(links[0], [`/-/at/${rename}/${enc(guide)}`, `/-/diff/${rename}/${enc(guide)}`]);
  assert.deepEqual(links[1], [`/-/at/${edit}/guide.md`, `/-/diff/${edit}/guide.md`]);
  assert.equal(document.querySelector('a[href$=".atom"]')?.getAttribute('href'), `/-/history/${enc(guide)}.atom`);
});

test('an old version is the page as it was, clearly marked, rendered by the same renderer', async (t) => {
  const { server, edit, repo } = await setUp(t);
  const first = git(repo.dir, ['rev-list', '--max-parents=0', 'HEAD']).trim();
  const { response, document } = await server.page(`/-/at/${first}/guide.md`);
  assert.equal(response.status, 200);
  assert.match(document.querySelector('.old-version-notice')?.textContent ?? '', /Ancienne version\..*commit/);
  assert.equal(document.querySelector('.page-body h2')?.textContent?.replace(/#$/, '').trim(), 'Présentation');
  assert.match(document.querySelector('.page-body')?.textContent ?? '', /sont utiles/);
  const later = await server.page(`/-/at/${edit}/guide.md`);
  assert.match(later.document.querySelector('.page-body')?.textContent ?? '', /sont indispensables/);
  assert.equal((await server.page(`/-/at/${first}/guide.md`, { 'accept-language': 'en' })).document.querySelector('.old-version-notice strong')?.textContent, 'Old version.');
});

test('a diff shows the word changed inside its paragraph, rendered and in the source', async (t) => {
  const { server, edit } = await setUp(t);
  const { response, document } = await server.page(`/-/diff/${edit}/guide.md`);
  assert.equal(response.status, 200);
  const source = document.querySelector('.diff-source .diff-change pre');
  assert.equal(source?.querySelector('del')?.textContent?.replace(/\[texte supprimé : |\]/g, ''), 'utiles');
  assert.equal(source?.querySelector('ins')?.textContent?.replace(/\[texte ajouté : |\]/g, ''), 'indispensables');
  assert.match(source?.textContent ?? '', /Les logiciels libres sont .*à toutes les administrations publiques\./);
  assert.match(document.querySelector('.diff-rendered .diff-removed p:not(.visually-hidden)')?.textContent ?? '', /utiles/);
  assert.match(document.querySelector('.diff-rendered .diff-added p:not(.visually-hidden)')?.textContent ?? '', /indispensables/);
  assert.equal(document.querySelectorAll('[id="presentation"], [id="présentation"]').length, 0, 'no duplicated heading ids');
  assert.match(document.querySelector('.diff-stat')?.textContent ?? '', /\+1 .*−1/);
});

test('recent changes are paginated, list each commit’s files, merges and deletions included', async (t) => {
  const { server, deletion } = await setUp(t, 32);
  const first = await server.page('/-/changes');
  assert.equal(first.response.status, 200);
  const items = [...first.document.querySelectorAll('ol.changes > li')];
  assert.equal(items.length, 30);
  const next = first.document.querySelector('a[rel="next"]')?.getAttribute('href');
  assert.equal(next, '/-/changes?page=2');
  const second = await server.page(next ?? '');
  const subjects = [...second.document.querySelectorAll('.change-subject')].map((a) => a.textContent);
  assert.ok(subjects.includes('Supprimer la vieille page'));
  assert.ok(subjects.some((s) => s?.startsWith('Merge branch')));
  const deletionItem = second.document.querySelector(`#commit-${deletion}`);
  assert.match(deletionItem?.querySelector('.change-files')?.textContent ?? '', /supprimé\s+vieux\.md/);
  assert.equal(second.document.querySelector('a[rel="prev"]')?.getAttribute('href'), '/-/changes');
  const commit = await server.page(`/-/commit/${deletion}`);
  assert.equal(commit.response.status, 200);
  assert.match(commit.document.querySelector('.change-files')?.textContent ?? '', /vieux\.md/);
});

test('Atom feeds of the wiki and of a page parse in a real feed parser', async (t) => {
  const { server, guide, rename } = await setUp(t);
  const response = await server.get('/-/changes.atom');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/atom\+xml/);
  const xml = await response.text();
  const feed = parseFeed(xml);
  assert.equal(feed.meta.type, 'atom');
  assert.equal(feed.title, 'Modifications récentes — wiki');
  assert.equal(feed.items[0]?.title, 'Supprimer la vieille page');
  assert.ok(feed.items.every((item) => item.url?.startsWith(server.url.replace(/\/$/, '')) && item.id && item.updated));
  assert.ok(feed.items.every((item) => item.authors[0]?.name === 'Camille Test'));
  // Well-formed XML with the elements RFC 4287 requires.
  const { document } = parseHTML(xml.replace(/^<\?xml[^>]*>/, ''));
  assert.equal(document.querySelectorAll('feed > id, feed > title, feed > updated').length, 3);
  assert.equal(document.querySelectorAll('entry').length, feed.items.length);

  const pageFeed = parseFeed(await (await server.get(`/-/history/${enc(guide)}.atom`)).text());
  assert.deepEqual(pageFeed.items.map((i) => i.title), ['Ranger le guide', 'Préciser le guide', 'Premier commit']);
  assert.equal(pageFeed.items[0]?.url, `${server.url}-/diff/${rename}/${enc(guide)}`);
  assert.equal((await server.get('/-/history/absente.md.atom')).status, 404);
});

test('health lists orphan pages and broken links; backlinks say what links here', async (t) => {
  const { server, guide, repo } = await setUp(t);
  const { document } = await server.page('/-/health');
  const orphans = [...document.querySelectorAll('.health-orphans li code')].map((c) => c.textContent);
  assert.deepEqual(orphans, ['branche.md', 'orpheline.md']);
  const problems = [...document.querySelectorAll('.health-problems li')].map((li) => li.textContent ?? '');
  assert.ok(problems.some((p) => p.includes('index.md:4') && p.includes('vieux.md')));
  assert.ok(problems.some((p) => p.includes('orpheline.md:3') && p.includes('absente.md')));

  const opened = await openWiki({ repo: repo.dir });
  t.after(() => opened.source.close());
  const revision = await opened.wiki.revision();
  const links = await backlinksOf(opened.wiki, revision, guide as WikiPath);
  assert.deepEqual(links, [{ path: 'index.md', title: 'Accueil', url: '/' }]);
  assert.deepEqual(await backlinksOf(opened.wiki, revision, 'orpheline.md' as WikiPath), []);
  const fragment = parseHTML(`<div>${String(Backlinks({ site: { title: 'w', lang: 'fr', accessibility: 'non', basePath: '', assetsVersion: '1' }, links }))}</div>`).document;
  assert.equal(fragment.querySelector('section.backlinks h2')?.textContent, 'Pages qui mènent ici');
  assert.equal(fragment.querySelector('section.backlinks a')?.getAttribute('href'), '/');
});

test('bad commits and paths answer 404, never 500, and read nothing outside the wiki', async (t) => {
  const { server, edit, repo } = await setUp(t);
  git(repo.dir, ['checkout', '--quiet', '-b', 'brouillon']);
  const draft = repo.commit('Brouillon', { 'secret.md': 'Pas publié.\n' });
  git(repo.dir, ['checkout', '--quiet', 'main']);
  const bad = [
    `/-/at/${draft}/secret.md`,
    `/-/diff/${draft}/secret.md`,
    `/-/commit/${draft}`,
    '/-/at/zzzz/guide.md',
    '/-/at/HEAD/guide.md',
    `/-/at/${edit}/..%2F..%2Fetc%2Fpasswd`,
    `/-/at/${edit}/%2e%2e/%2e%2e/etc/passwd`,
    `/-/diff/${edit}/.git/config`,
    `/-/diff/${edit}/autre.md`,
    '/-/history/absente.md',
    '/-/history/%2e%2e/x.md',
    `/-/at/${'a'.repeat(5000)}/guide.md`,
    '/-/changes?page=999999',
  ];
  for (const path of bad) {
    const response = await server.get(path);
    assert.equal(response.status, 404, path);
    assert.doesNotMatch(await response.text(), /Pas publié|root:/);
  }
  assert.equal((await server.get('/-/changes?page=abc')).status, 200);
});
