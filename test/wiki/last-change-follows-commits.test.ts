import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openWiki, type OpenedWiki } from '../../src/wiki/open.js';
import { git, makeRepo } from '../helpers/repo.js';

const opened: OpenedWiki[] = [];
const repos: ReturnType<typeof makeRepo>[] = [];

after(() => {
  for (const wiki of opened) wiki.source.close();
  for (const repo of repos) repo.cleanup();
});

async function open(repo: ReturnType<typeof makeRepo>, root?: string): Promise<OpenedWiki> {
  const wiki = await openWiki({ repo: repo.dir, ...(root ? { root } : {}) });
  opened.push(wiki);
  return wiki;
}

/** Every page's last change as the wiki shows it, and as `git log -1` gives it, by repository path. */
async function lastChanges(wiki: OpenedWiki, dir: string, root = ''): Promise<{ shown: Record<string, string>; git: Record<string, string> }> {
  const revision = await wiki.wiki.revision();
  const shown: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const file of revision.files.values()) {
    const repoPath = root ? `${root}/${file.sourcePath}` : file.sourcePath;
    shown[repoPath] = (await wiki.wiki.lastChange(revision, file))?.id ?? 'none';
    expected[repoPath] = git(dir, ['--literal-pathspecs', 'log', '-1', '--format=%H', 'HEAD', '--', repoPath]).trim();
  }
  // The batch form (static build) gives the same answers.
  const batch = await wiki.source.lastChanges(revision, [...revision.files.values()]);
  for (const [file, change] of batch) assert.equal(change.id, shown[root ? `${root}/${file.sourcePath}` : file.sourcePath]);
  assert.equal(batch.size, revision.files.size);
  return { shown, git: expected };
}

test('each page shows the last commit that changed it, commit after commit', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'dossier/a.md': '# A\n', 'dossier/b.md': '# B\n', 'Élan é.md': '# Élan\n' });
  repos.push(repo);
  const wiki = await open(repo);
  let seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
  repo.commit('Change A', { 'dossier/a.md': '# A, deuxième\n' });
  seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
  repo.commit('Nothing in the wiki');
  repo.commit('Change the accented page and add one', { 'Élan é.md': '# Élan 2\n', 'neuve.md': '# Neuve\n' });
  seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
  git(repo.dir, ['mv', 'dossier/b.md', 'dossier/c.md']);
  repo.commit('Rename B');
  git(repo.dir, ['rm', '--quiet', 'index.md']);
  repo.commit('Remove the home page');
  seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
});

test('a branch rewritten (not a descendant of what was served) gets its own last changes', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'page.md': '# Page\n' });
  repos.push(repo);
  const wiki = await open(repo);
  repo.commit('Change the page', { 'page.md': '# Page 2\n' });
  let seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
  git(repo.dir, ['reset', '--quiet', '--hard', 'HEAD~1']);
  repo.commit('Another change of the page', { 'page.md': '# Page bis\n' });
  seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
  git(repo.dir, ['checkout', '--quiet', '--orphan', 'neuve']);
  repo.commit('A new history', { 'page.md': '# Page neuve\n' });
  seen = await lastChanges(wiki, repo.dir);
  assert.deepEqual(seen.shown, seen.git);
});

test('a wiki in a sub-folder counts only the commits that changed its own files', async () => {
  const repo = makeRepo({ 'src/code.c': 'int x;\n', 'docs/index.md': '# Docs\n', 'docs/guide.md': '# Guide\n' });
  repos.push(repo);
  const wiki = await open(repo, 'docs');
  repo.commit('Code only', { 'src/code.c': 'int y;\n' });
  repo.commit('The guide', { 'docs/guide.md': '# Guide 2\n' });
  const seen = await lastChanges(wiki, repo.dir, 'docs');
  assert.deepEqual(seen.shown, seen.git);
  assert.equal(Object.keys(seen.shown).length, 2);
});
