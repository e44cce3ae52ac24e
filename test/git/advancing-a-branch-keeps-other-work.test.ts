/**
 * advanceBranch moves a branch to a commit made elsewhere only if it is still where the caller saw it;
 * a work tree with the branch checked out follows and keeps its uncommitted edits to other files, and
 * refuses (nothing moves) when its edits touch the files that change.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { advanceBranch } from '../../src/git/advance-branch.js';
import { commitFiles } from '../../src/git/commit-files.js';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo } from '../helpers/repo.js';

const AUTHOR = { name: 'Élise', email: 'elise@example.org' };
const PAGES = { 'index.md': '# Accueil\n', 'guide.md': '# Guide\n' };

async function withRepo(run: (dir: string, repo: GitRepository, base: string) => Promise<void>, bare = false): Promise<void> {
  const made = makeRepo(PAGES);
  let dir = made.dir;
  if (bare) {
    dir = `${made.dir}.git`;
    git(made.dir, ['clone', '--quiet', '--bare', made.dir, dir]);
  }
  const repo = await GitRepository.open(dir);
  try {
    await run(dir, repo, await repo.resolve('main'));
  } finally {
    repo.close();
    made.cleanup();
  }
}

const edit = (repo: GitRepository, base: string, path: string, text: string) => commitFiles(repo, { base, changes: [{ path, content: Buffer.from(text) }], author: AUTHOR, message: `Modifie ${path}` });

test('the work tree follows and keeps uncommitted edits to other files', () =>
  withRepo(async (dir, repo, base) => {
    writeFileSync(join(dir, 'index.md'), '# Accueil\n\nBrouillon local.\n');
    const to = await edit(repo, base, 'guide.md', '# Guide\n\nDepuis le navigateur.\n');
    const result = await advanceBranch(repo, 'main', base, to, 'feuillet: modification');
    assert.deepEqual(result, { kind: 'advanced', worktreesUpdated: [dir] });
    assert.equal(git(dir, ['rev-parse', 'main']).trim(), to);
    assert.equal(readFileSync(join(dir, 'guide.md'), 'utf8'), '# Guide\n\nDepuis le navigateur.\n');
    assert.equal(readFileSync(join(dir, 'index.md'), 'utf8'), '# Accueil\n\nBrouillon local.\n');
    assert.equal(git(dir, ['status', '--porcelain']), ' M index.md\n');
    assert.match(git(dir, ['reflog', '-1', 'main']), /feuillet: modification/);
  }));

test('uncommitted edits to the changed file make it refuse; nothing moves, the edits stay', () =>
  withRepo(async (dir, repo, base) => {
    writeFileSync(join(dir, 'guide.md'), '# Guide\n\nMon brouillon.\n');
    const to = await edit(repo, base, 'guide.md', '# Guide\n\nDepuis le navigateur.\n');
    const result = await advanceBranch(repo, 'main', base, to, 'x');
    assert.equal(result.kind, 'worktree-has-changes');
    if (result.kind === 'worktree-has-changes') {
      assert.equal(result.worktree, dir);
      assert.match(result.fr, /non enregistrées/);
    }
    assert.equal(git(dir, ['rev-parse', 'main']).trim(), base);
    assert.equal(readFileSync(join(dir, 'guide.md'), 'utf8'), '# Guide\n\nMon brouillon.\n');
    assert.equal(git(dir, ['status', '--porcelain']), ' M guide.md\n');
  }));

for (const bare of [false, true]) {
  test(`a branch that moved meanwhile is not overwritten (${bare ? 'bare' : 'work tree'})`, () =>
    withRepo(async (dir, repo, base) => {
      const theirs = await edit(repo, base, 'index.md', '# Accueil\n\nPoussé entre-temps.\n');
      git(dir, ['update-ref', 'refs/heads/main', theirs, base]);
      if (!bare) git(dir, ['reset', '--quiet', '--hard']);
      const mine = await edit(repo, base, 'guide.md', '# Guide\n\nMoi.\n');
      assert.deepEqual(await advanceBranch(repo, 'main', base, mine, 'x'), { kind: 'branch-moved' });
      assert.equal(git(dir, ['rev-parse', 'main']).trim(), theirs);
      if (!bare) assert.equal(git(dir, ['status', '--porcelain']), '');
    }, bare));

  test(`of many saves from the same base at once, exactly one lands (${bare ? 'bare' : 'work tree'})`, () =>
    withRepo(async (dir, repo, base) => {
      const commits = await Promise.all([1, 2, 3, 4, 5].map((n) => edit(repo, base, `page-${n}.md`, `# ${n}\n`)));
      const results = await Promise.all(commits.map((to) => advanceBranch(repo, 'main', base, to, 'x')));
      const landed = commits.filter((_, i) => results[i]?.kind === 'advanced');
      assert.equal(landed.length, 1, JSON.stringify(results));
      assert.equal(results.filter((r) => r.kind === 'branch-moved').length, 4);
      assert.equal(git(dir, ['rev-parse', 'main']).trim(), landed[0]);
      if (!bare) assert.equal(git(dir, ['status', '--porcelain']), '', 'the work tree is exactly the branch head');
      git(dir, ['fsck', '--no-progress']);
    }, bare));
}

test('a bare repository advances with no work tree to update; invalid names are refused', () =>
  withRepo(async (dir, repo, base) => {
    const to = await edit(repo, base, 'guide.md', '# Guide\n\nBis.\n');
    assert.deepEqual(await advanceBranch(repo, 'main', base, to, 'x'), { kind: 'advanced', worktreesUpdated: [] });
    assert.equal(git(dir, ['rev-parse', 'main']).trim(), to);
    assert.throws(() => advanceBranch(repo, '--force', to, base, 'x'));
    assert.throws(() => advanceBranch(repo, 'main', 'HEAD', base, 'x'));
  }, true));
