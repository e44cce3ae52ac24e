/**
 * commitFiles makes a commit from files given in memory on top of a base, in a bare repository or a
 * clone whose work tree has uncommitted edits, without touching any work tree, index or branch.
 */
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commitFiles, CommitFilesError } from '../../src/git/commit-files.js';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo } from '../helpers/repo.js';

const AUTHOR = { name: 'Élise Rédactrice', email: 'elise@example.org' };

test('a commit from memory in a clone with uncommitted edits leaves the work tree, index and branch alone', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', 'docs/guide.md': '# Guide\n', 'vieux.md': 'à supprimer\n', 'script.sh': '#!/bin/sh\n' });
  try {
    chmodSync(join(repo.dir, 'script.sh'), 0o755);
    const base = repo.commit('Exécutable');
    writeFileSync(join(repo.dir, 'index.md'), '# Accueil\n\nBrouillon local.\n');
    writeFileSync(join(repo.dir, 'nouveau-local.md'), 'non suivi\n');
    const status = git(repo.dir, ['status', '--porcelain']);
    const opened = await GitRepository.open(repo.dir);
    try {
      const commit = await commitFiles(opened, {
        base,
        changes: [
          { path: 'docs/guide.md', content: Buffer.from('# Guide\n\nÉcrit dans le navigateur.\n') },
          { path: 'docs/nouvelle page.md', content: Buffer.from('# Nouvelle\n') },
          { path: 'script.sh', content: Buffer.from('#!/bin/sh\necho ok\n') },
          { path: 'vieux.md', delete: true },
        ],
        author: AUTHOR,
        committer: { name: 'Feuillet', email: 'wiki@example.org' },
        message: 'Modifie Guide',
        date: new Date('2024-05-01T10:00:00Z'),
      });
      assert.match(commit, /^[0-9a-f]{40}$/);
      assert.equal(git(repo.dir, ['rev-parse', 'main']).trim(), base, 'no branch moves');
      assert.equal(git(repo.dir, ['status', '--porcelain']), status);
      assert.equal(readFileSync(join(repo.dir, 'index.md'), 'utf8'), '# Accueil\n\nBrouillon local.\n');
      assert.equal(git(repo.dir, ['rev-parse', `${commit}^`]).trim(), base);
      assert.equal(git(repo.dir, ['show', '-s', '--format=%an <%ae>|%cn <%ce>|%aI|%B', commit]), 'Élise Rédactrice <elise@example.org>|Feuillet <wiki@example.org>|2024-05-01T10:00:00+00:00|Modifie Guide\n\n');
      assert.equal(git(repo.dir, ['show', `${commit}:docs/guide.md`]), '# Guide\n\nÉcrit dans le navigateur.\n');
      assert.equal(git(repo.dir, ['show', `${commit}:docs/nouvelle page.md`]), '# Nouvelle\n');
      assert.equal(git(repo.dir, ['diff', '--name-status', base, commit]), 'M\tdocs/guide.md\nA\tdocs/nouvelle page.md\nM\tscript.sh\nD\tvieux.md\n');
      assert.match(git(repo.dir, ['ls-tree', commit, 'script.sh']), /^100755 /, 'an executable stays executable');
    } finally {
      opened.close();
    }
  } finally {
    repo.cleanup();
  }
});

test('a bare repository gets the commit too; bytes are stored as given (CRLF, no filters)', async () => {
  const source = makeRepo({ 'index.md': '# Accueil\n' });
  const bare = `${source.dir}.git`;
  git(source.dir, ['clone', '--quiet', '--bare', source.dir, bare]);
  try {
    const opened = await GitRepository.open(bare);
    try {
      const base = await opened.resolve('main');
      const content = Buffer.from('# Accueil\r\n\r\nLignes Windows.\r\n');
      const commit = await commitFiles(opened, { base, changes: [{ path: 'index.md', content }], author: AUTHOR, message: 'Modifie Accueil' });
      assert.deepEqual(Buffer.from(git(bare, ['cat-file', 'blob', `${commit}:index.md`]), 'utf8'), content);
      assert.equal(await opened.resolve('main'), base);
    } finally {
      opened.close();
    }
  } finally {
    source.cleanup();
  }
});

test('hostile paths and identities are refused before git sees them', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' });
  try {
    const opened = await GitRepository.open(repo.dir);
    try {
      const base = await opened.resolve('main');
      const content = Buffer.from('x');
      for (const path of ['', '/etc/passwd', '../dehors.md', 'a/../b.md', '.git/config', 'docs/.GIT/hooks/x', 'a//b.md', 'ligne\nnouvelle.md', 'dos\\path.md', './a.md']) {
        await assert.rejects(commitFiles(opened, { base, changes: [{ path, content }], author: AUTHOR, message: 'x' }), CommitFilesError, path);
      }
      await assert.rejects(commitFiles(opened, { base, changes: [{ path: 'a.md', content }], author: { name: 'X <evil@x>', email: 'x@example.org' }, message: 'x' }));
      await assert.rejects(commitFiles(opened, { base: 'main', changes: [{ path: 'a.md', content }], author: AUTHOR, message: 'x' }), CommitFilesError);
      await assert.rejects(commitFiles(opened, { base, changes: [], author: AUTHOR, message: 'x' }), CommitFilesError);
      // A file where a folder is (or the reverse) is an error, not a silent removal.
      repo.commit('Dossier', { 'docs/a.md': 'a' });
      const withFolder = await opened.resolve('main');
      await assert.rejects(commitFiles(opened, { base: withFolder, changes: [{ path: 'index.md/sous.md', content }], author: AUTHOR, message: 'x' }), CommitFilesError);
      await assert.rejects(commitFiles(opened, { base: withFolder, changes: [{ path: 'docs', content }], author: AUTHOR, message: 'x' }), CommitFilesError);
      // …unless the file goes in the same commit.
      const replaced = await commitFiles(opened, { base: withFolder, changes: [{ path: 'index.md', delete: true }, { path: 'index.md/sous.md', content }], author: AUTHOR, message: 'x' });
      assert.equal(git(repo.dir, ['ls-tree', '-r', '--name-only', replaced]), 'docs/a.md\nindex.md/sous.md\n');
      assert.equal(git(repo.dir, ['status', '--porcelain']), '');
    } finally {
      opened.close();
    }
  } finally {
    repo.cleanup();
  }
});
