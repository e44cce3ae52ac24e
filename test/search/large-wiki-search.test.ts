/**
 * Search on a wiki large enough for the paths small wikis never take: a first index and a large update
 * written by the writer thread (the first one into a new file that replaces the empty one), and queries
 * matching more pages than are ranked (titles and headings ranked first, the rest after, with exclusions,
 * folders and pages of results).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SearchIndexFile } from '../../src/search/index-file.js';
import { SiteSearch } from '../../src/search/site-search.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { openWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';

const PAGES = 2_500;
const pathOf = (i: number) => (i < 2_000 ? `notes/note-${i}.md` : `equipe/membre-${i}.md`);
const numberOf = (path: string) => Number(/(\d+)\.md$/.exec(path)?.[1]);
const titled = (i: number) => i % 100 === 0;
const draft = (i: number) => i % 7 === 0;

function page(i: number, body = `Ce texte documente le point ${i}.`): string {
  return `---\ntitle: ${titled(i) ? `Documentation ${i}` : `Note ${i}`}\n---\n${body}${draft(i) ? ' Brouillon à relire.' : ''}\n`;
}

test('a large wiki: indexed by the writer thread, common words ranked by titles first, then the rest', async (t) => {
  const repo = makeRepo(Object.fromEntries(Array.from({ length: PAGES }, (_, i) => [pathOf(i), page(i)])));
  const opened = await openWiki({ repo: repo.dir });
  const file = join(repo.dir, '.git', 'feuillet', 'search.sqlite');
  const search = new SiteSearch(opened.wiki, file);
  t.after(() => {
    search.close();
    opened.source.close();
    repo.cleanup();
  });
  const results = async (query: string, pages: number, folder = '') => {
    const found: string[] = [];
    for (let n = 1; n <= pages; n++) found.push(...(await search.search({ query, folder: folder as WikiPath, page: n })).results.map((r) => r.path));
    return found;
  };

  await search.ready();
  assert.equal(search.lastUpdate.indexed, PAGES);
  assert.ok(existsSync(file));
  assert.deepEqual(
    readdirSync(dirname(file)).filter((name) => name.includes('.new')),
    [],
    'the new file took the place of the empty one',
  );

  // Every page matches: the 25 pages titled so come first, then the others, never twice.
  const all = await results('documentation', 3);
  assert.equal(all.length, 60);
  assert.equal(new Set(all).size, 60);
  assert.ok(all.slice(0, 25).every((path) => titled(numberOf(path))), all.slice(0, 25).join(' '));
  assert.ok(all.slice(25).every((path) => !titled(numberOf(path))));
  assert.equal((await search.search({ query: 'documentation', page: 3 })).hasMore, true);

  // Exclusions are words of the whole page, title-matched pages included.
  const kept = await results('documentation -brouillon', 2);
  assert.equal(kept.length, 40);
  assert.ok(
    kept.every((path) => !draft(numberOf(path))),
    kept.filter((path) => draft(numberOf(path))).join(' '),
  );
  assert.equal(kept.filter((path) => titled(numberOf(path))).length, 21);
  assert.ok(kept.slice(0, 21).every((path) => titled(numberOf(path))));

  // A folder: its pages only, its titled ones first.
  const team = await results('documentation', 1, 'equipe');
  assert.equal(team.length, 20);
  assert.ok(team.every((path) => path.startsWith('equipe/')));
  assert.deepEqual(team.slice(0, 5).map(numberOf).sort(), [2000, 2100, 2200, 2300, 2400]);

  // A commit that rewrites most pages: written by the thread into the index in place.
  const rewritten = 2_100;
  repo.commit('Réécrit', Object.fromEntries(Array.from({ length: rewritten }, (_, i) => [pathOf(i), page(i, `Ce texte a été réécrit, point ${i}.`)])));
  const now = await results('réécrit', 1);
  assert.equal(search.lastUpdate.indexed, rewritten);
  assert.equal(now.length, 20);
  assert.ok((await search.search({ query: 'réécrit', page: 50 })).hasMore);
  const still = (await search.search({ query: 'documente', page: 50 })).results.map((r) => r.path);
  assert.ok(
    still.every((path) => numberOf(path) >= rewritten || titled(numberOf(path))),
    'a rewritten page is found by its title only',
  );
  assert.equal((await search.search({ query: '"documente le point 5"' })).results.length, 0);
  assert.deepEqual(
    (await search.search({ query: '"documente le point 2200"' })).results.map((r) => r.path),
    ['equipe/membre-2200.md'],
  );
});

test('a new index file left by a stopped process is removed at once, one of a running process once old only', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-search-new-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'search.sqlite');
  const ended = 2 ** 22 + 17; // above Linux's largest pid: no process has it
  const old = `${file}.${process.ppid}-abcd.new`;
  const recent = `${file}.${process.ppid}-ef01.new`;
  const killed = `${file}.${ended}-0123.new`;
  const other = join(dir, `other.sqlite.${ended}-2.new`);
  for (const path of [old, recent, killed, other]) writeFileSync(path, 'partial');
  const hourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(old, hourAgo, hourAgo);
  utimesSync(other, hourAgo, hourAgo);
  SearchIndexFile.open(file).close();
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.new')).sort(), [`other.sqlite.${ended}-2.new`, `search.sqlite.${process.ppid}-ef01.new`]);
});
