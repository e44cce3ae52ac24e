/**
 * The editor's commits go through long-lived git processes: trees rewritten keep every other entry byte
 * for byte (names that are not UTF-8, executables, links, submodules), commit objects are the ones
 * `git commit-tree` writes, and a process that refused a request or ended while idle is replaced.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { advanceBranch } from '../../src/git/advance-branch.js';
import { commitFiles } from '../../src/git/commit-files.js';
import { GitLinePipe } from '../../src/git/line-pipe.js';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo } from '../helpers/repo.js';

const AUTHOR = { name: 'Élise Rédactrice.', email: 'elise@example.org' };

/** git with raw bytes in and out (tree listings with names that are not UTF-8). */
function gitBytes(dir: string, args: string[], input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd: dir, input });
}

test('a commit from memory keeps every other entry of the trees it rewrites, byte for byte', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'docs/guide.md': '# Guide\n', 'docs/sub/deep.md': '# Profond\n' });
  try {
    // A folder holding a name in Latin-1 (not UTF-8), an executable, a symbolic link and a submodule.
    const blob = gitBytes(repo.dir, ['hash-object', '-w', '--stdin'], Buffer.from('ancien\n')).toString().trim();
    const head = git(repo.dir, ['rev-parse', 'HEAD']).trim();
    const docs = gitBytes(repo.dir, ['rev-parse', 'HEAD:docs']).toString().trim();
    const listing = gitBytes(repo.dir, ['ls-tree', '-z', docs]);
    const extra = Buffer.concat([
      Buffer.from(`100644 blob ${blob}\t`),
      Buffer.from('caf\xe9.md', 'latin1'),
      Buffer.from([0]),
      Buffer.from(`100755 blob ${blob}\tscript.sh\x00120000 blob ${blob}\tlien\x00160000 commit ${head}\tmodule\x00`),
    ]);
    const newDocs = gitBytes(repo.dir, ['mktree', '-z'], Buffer.concat([listing, extra])).toString().trim();
    const root = gitBytes(repo.dir, ['ls-tree', '-z', 'HEAD']).toString('latin1').replace(/040000 tree [0-9a-f]+\tdocs/, `040000 tree ${newDocs}\tdocs`);
    const newRoot = gitBytes(repo.dir, ['mktree', '-z'], Buffer.from(root, 'latin1')).toString().trim();
    const base = gitBytes(repo.dir, ['commit-tree', '-p', head, '-m', 'Noms bizarres', newRoot]).toString().trim();
    const opened = await GitRepository.open(repo.dir);
    try {
      const date = new Date('2024-05-01T10:00:00Z');
      const commit = await commitFiles(opened, {
        base,
        changes: [
          { path: 'docs/sub/deep.md', content: Buffer.from('# Profond\n\nModifié.\n') },
          { path: 'docs/script.sh', content: Buffer.from('#!/bin/sh\n') },
          { path: 'docs/lien', content: Buffer.from('plus un lien\n') },
          { path: 'nouveau/dossier/page.md', content: Buffer.from('# Nouvelle\n') },
        ],
        author: AUTHOR,
        message: 'Modifie la page profonde',
        date,
      });
      const before = gitBytes(repo.dir, ['ls-tree', '-r', '-z', base]).toString('latin1').split('\0');
      const after = gitBytes(repo.dir, ['ls-tree', '-r', '-z', commit]).toString('latin1').split('\0');
      const changed = ['docs/sub/deep.md', 'docs/script.sh', 'docs/lien', 'nouveau/dossier/page.md'];
      const untouched = (lines: string[]) => lines.filter((line) => line !== '' && !changed.some((path) => line.endsWith(`\t${path}`)));
      assert.deepEqual(untouched(after), untouched(before), 'every other entry kept, names as bytes');
      assert.ok(after.some((line) => line.endsWith('\tdocs/caf\xe9.md')));
      assert.ok(after.some((line) => /^160000 commit [0-9a-f]+\tdocs\/module$/.test(line)), 'the submodule is kept');
      assert.ok(after.some((line) => line.startsWith('100755 ') && line.endsWith('\tdocs/script.sh')), 'an executable stays executable');
      assert.ok(after.some((line) => line.startsWith('100644 ') && line.endsWith('\tdocs/lien')), 'a link written as text becomes a file');
      assert.equal(git(repo.dir, ['show', `${commit}:nouveau/dossier/page.md`]), '# Nouvelle\n');
      // The commit is byte for byte the one git commit-tree makes with the same fields (git trims the trailing dot).
      const tree = git(repo.dir, ['rev-parse', `${commit}^{tree}`]).trim();
      const env = { GIT_AUTHOR_NAME: AUTHOR.name, GIT_AUTHOR_EMAIL: AUTHOR.email, GIT_AUTHOR_DATE: '1714557600 +0000', GIT_COMMITTER_NAME: AUTHOR.name, GIT_COMMITTER_EMAIL: AUTHOR.email, GIT_COMMITTER_DATE: '1714557600 +0000' };
      assert.equal(git(repo.dir, ['commit-tree', '-p', base, '-m', 'Modifie la page profonde', tree], env).trim(), commit);
      assert.match(git(repo.dir, ['show', '-s', '--format=%an', commit]), /^Élise Rédactrice\n$/);
      git(repo.dir, ['fsck', '--strict', '--no-progress']);
      // Removing the last file of a folder removes the folder, as git does.
      const emptied = await commitFiles(opened, { base: commit, changes: [{ path: 'nouveau/dossier/page.md', delete: true }], author: AUTHOR, message: 'Retire' });
      assert.equal(git(repo.dir, ['ls-tree', '--name-only', emptied, 'nouveau']), '');
    } finally {
      opened.close();
    }
  } finally {
    repo.cleanup();
  }
});

test('a long-lived git process that refuses a request is replaced; only that request fails', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  try {
    const head = git(repo.dir, ['rev-parse', 'HEAD']).trim();
    const pipe = new GitLinePipe(['update-ref', '-m', 'essai', '--stdin'], repo.dir);
    const wrongOld = '1'.repeat(40);
    const update = (from: string) => pipe.request(Buffer.from(`start\nupdate refs/heads/copie ${head} ${from}\ncommit\n`), 2);
    await assert.rejects(update(wrongOld), /update-ref/);
    assert.deepEqual(await update('0'.repeat(40)), ['start: ok', 'commit: ok']);
    assert.equal(git(repo.dir, ['rev-parse', 'copie']).trim(), head);
    // Idle, the process ends; the next request starts another.
    await sleep(2_300);
    assert.equal(pipe.running, false);
    await assert.rejects(update('0'.repeat(40)), /update-ref/, 'the branch exists now: git refuses to create it');
    pipe.close();
  } finally {
    repo.cleanup();
  }
});

test('a branch moved by someone else is never overwritten, and the next move goes through', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  const bare = `${repo.dir}.git`;
  git(repo.dir, ['clone', '--quiet', '--bare', repo.dir, bare]);
  try {
    const opened = await GitRepository.open(bare);
    try {
      const base = await opened.resolve('main');
      const edit = (from: string, text: string) => commitFiles(opened, { base: from, changes: [{ path: 'index.md', content: Buffer.from(text) }], author: AUTHOR, message: text });
      const mine = await edit(base, 'mine\n');
      const theirs = await edit(base, 'theirs\n');
      git(bare, ['update-ref', 'refs/heads/main', theirs]);
      assert.deepEqual(await advanceBranch(opened, 'main', base, mine, 'feuillet: essai'), { kind: 'branch-moved' });
      assert.equal(git(bare, ['rev-parse', 'main']).trim(), theirs);
      const next = await edit(theirs, 'next\n');
      assert.equal((await advanceBranch(opened, 'main', theirs, next, 'feuillet: essai')).kind, 'advanced');
      assert.equal(git(bare, ['rev-parse', 'main']).trim(), next);
    } finally {
      opened.close();
    }
  } finally {
    repo.cleanup();
  }
});
