import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GitError } from '../../src/git/errors.js';
import { commitWithFiles, commitInHistory, fileAt, fileLog, folderLog, parseLog } from '../../src/git/history.js';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo } from '../helpers/repo.js';

/** A history with an edit, a rename into a folder with an accented name, a merge and a deletion. */
async function setUp(t: import('node:test').TestContext) {
  const repo = makeRepo({ 'guide.md': '# Guide\n\nPremière version.\n', 'vieux.md': 'À supprimer.\n' });
  const edit = repo.commit('Modifier le guide', { 'guide.md': '# Guide\n\nDeuxième version.\n' });
  git(repo.dir, ['mv', 'guide.md', 'guide d’été.md']);
  const rename = repo.commit('Renommer le guide');
  git(repo.dir, ['checkout', '--quiet', '-b', 'côté']);
  const side = repo.commit('Sur une branche', { 'guide d’été.md': '# Guide\n\nDeuxième version, complétée.\n' });
  git(repo.dir, ['checkout', '--quiet', 'main']);
  repo.commit('Sur main', { 'autre.md': 'Autre page.\n' });
  git(repo.dir, ['merge', '--quiet', '--no-ff', '--no-edit', 'côté']);
  const merge = git(repo.dir, ['rev-parse', 'HEAD']).trim();
  git(repo.dir, ['rm', '--quiet', 'vieux.md']);
  const deletion = repo.commit('Supprimer la vieille page');
  git(repo.dir, ['checkout', '--quiet', '-b', 'brouillon']);
  const draft = repo.commit('Brouillon jamais fusionné', { 'secret.md': 'Pas publié.\n' });
  git(repo.dir, ['checkout', '--quiet', 'main']);
  const gitRepo = await GitRepository.open(repo.dir);
  const tip = await gitRepo.resolve('main');
  t.after(() => {
    gitRepo.close();
    repo.cleanup();
  });
  return { repo, gitRepo, tip, edit, rename, side, merge, deletion, draft };
}

test('a file’s log follows it through renames and merges', async (t) => {
  const { gitRepo, tip, edit, rename, side } = await setUp(t);
  const log = await fileLog(gitRepo, tip, 'guide d’été.md', { skip: 0, limit: 50 });
  assert.deepEqual(
    log.map((e) => e.commit.subject),
    ['Sur une branche', 'Renommer le guide', 'Modifier le guide', 'Premier commit'],
  );
  assert.equal(log[0]?.commit.id, side);
  assert.deepEqual(log[1]?.change, { status: 'renamed', path: 'guide d’été.md', previousPath: 'guide.md' });
  assert.equal(log[1]?.commit.id, rename);
  assert.deepEqual(log[2]?.change, { status: 'modified', path: 'guide.md' });
  assert.equal(log[2]?.commit.id, edit);
  assert.equal(log[3]?.change.status, 'added');
  assert.equal(log[0]?.commit.authorName, 'Camille Test');
  assert.match(log[0]?.commit.authorDate ?? '', /^\d{4}-\d\d-\d\dT/);
  const page = await fileLog(gitRepo, tip, 'guide d’été.md', { skip: 1, limit: 2 });
  assert.deepEqual(page.map((e) => e.commit.id), [rename, edit]);
});

test('the folder log lists every commit with the files it touched, merges against their first parent', async (t) => {
  const { gitRepo, tip, merge, deletion } = await setUp(t);
  const log = await folderLog(gitRepo, tip, '', { skip: 0, limit: 100 });
  assert.equal(log[0]?.commit.id, deletion);
  assert.deepEqual(log[0]?.files, [{ status: 'deleted', path: 'vieux.md' }]);
  const mergeEntry = log.find((e) => e.commit.id === merge);
  assert.equal(mergeEntry?.commit.parents.length, 2);
  assert.deepEqual(mergeEntry?.files, [{ status: 'modified', path: 'guide d’été.md' }]);
  assert.ok(!log.some((e) => e.commit.subject === 'Brouillon jamais fusionné'));
  assert.equal((await folderLog(gitRepo, tip, '', { skip: 2, limit: 2 })).length, 2);
  const changes = await commitWithFiles(gitRepo, merge, '');
  assert.deepEqual(changes.files, mergeEntry?.files);
});

test('files at a commit; commits outside the published history are not found', async (t) => {
  const { gitRepo, tip, edit, draft, deletion } = await setUp(t);
  assert.equal((await fileAt(gitRepo, edit, 'guide.md'))?.toString('utf8'), '# Guide\n\nDeuxième version.\n');
  assert.equal(await fileAt(gitRepo, deletion, 'vieux.md'), undefined);
  assert.equal(await fileAt(gitRepo, edit, 'absent.md'), undefined);
  assert.equal(await commitInHistory(gitRepo, edit.slice(0, 12), tip), edit);
  await assert.rejects(commitInHistory(gitRepo, draft, tip), (e) => e instanceof GitError && e.kind === 'not-found');
  for (const hostile of ['HEAD', 'main', '--output=/tmp/x', 'HEAD~1', `${edit}:guide.md`, 'ab', 'g'.repeat(40), '']) {
    await assert.rejects(commitInHistory(gitRepo, hostile, tip), (e) => e instanceof GitError, hostile);
  }
  for (const hostile of ['../x', '/etc/passwd', '-x', '.git/config', 'a/../../b', 'x\0y']) {
    await assert.rejects(fileAt(gitRepo, edit, hostile), (e) => e instanceof GitError, hostile);
  }
  await assert.rejects(fileLog(gitRepo, 'main', 'guide.md', { skip: 0, limit: 1 }), (e) => e instanceof GitError && e.kind === 'invalid-revision');
});

test('parsing git’s log output tolerates truncated and strange records', () => {
  assert.deepEqual(parseLog(''), []);
  assert.deepEqual(parseLog('\u0001abc'), [], 'a header without its end is dropped');
  const [entry] = parseLog('\u0001id\u0002p1 p2\u0002Nom\u0002n@x\u00022024-01-01T00:00:00+01:00\u0002Sujet\u0002\u0003\0\nR100\0a\0');
  assert.deepEqual(entry?.commit.parents, ['p1', 'p2']);
  assert.deepEqual(entry?.files, [{ status: 'renamed', path: '', previousPath: 'a' }]);
  assert.deepEqual(parseLog('\u0001i\u0003\0\nZ\0x\0')[0]?.files, [], 'unknown status letters are skipped');
});
