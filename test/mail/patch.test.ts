import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePatch, type FileChange } from '../../src/mail/patch.js';
import { pathsOf, unsafePaths } from '../../src/review/patch-safety.js';
import { bodyOf, everythingSeries, modeAndDeletePatch, noIndexDiff, patchRepo, PREFIX, symlinkPatch } from './fixtures/git-patches.js';

function byPath(files: readonly FileChange[], path: string): FileChange {
  const found = files.find((file) => pathsOf(file).includes(path));
  assert.ok(found, `no change to ${path} in ${JSON.stringify(files.map(pathsOf))}`);
  return found;
}

test('a real format-patch mail splits into message, trailers, diffstat, diff and files', () => {
  const { repo, mails } = everythingSeries();
  try {
    const patch = parsePatch(bodyOf(mails[1] as Buffer));
    assert.equal(patch.message, 'La page décrit les sorties.');
    assert.deepEqual(patch.trailers, [
      { key: 'Signed-off-by', value: 'Élodie Dupré <elodie@example.org>', person: { name: 'Élodie Dupré', address: 'elodie@example.org' } },
      { key: 'Reviewed-by', value: 'Bob Martin <bob@example.org>', person: { name: 'Bob Martin', address: 'bob@example.org' } },
    ]);
    assert.match(patch.diffstat, /3 files changed/);
    assert.ok(patch.diff.startsWith('diff --git '));
    assert.doesNotMatch(patch.diff, /^-- $/m, 'the signature is not part of the diff');
    assert.equal(patch.files.length, 3);

    const page = byPath(patch.files, 'pages/été à la mer.md');
    assert.equal(page.kind, 'added');
    assert.equal(page.kind === 'added' && page.mode, '100644');
    assert.deepEqual([page.additions, page.deletions, page.binary], [3, 0, false]);

    const logo = byPath(patch.files, 'docs/logo.png');
    assert.deepEqual([logo.kind, logo.binary, logo.additions], ['added', true, 0]);

    const crlf = byPath(patch.files, 'notes-crlf.md');
    assert.deepEqual([crlf.kind, crlf.additions, crlf.deletions], ['modified', 2, 1]);
    assert.equal(crlf.kind === 'modified' && crlf.newMode, '100644');
    assert.deepEqual(unsafePaths(patch), []);
  } finally {
    repo.cleanup();
  }
});

test('a rename, an empty commit and a cover letter', () => {
  const { repo, mails } = everythingSeries();
  try {
    const rename = parsePatch(bodyOf(mails[2] as Buffer));
    assert.equal(rename.files.length, 1);
    const file = rename.files[0];
    assert.equal(file?.kind, 'renamed');
    if (file?.kind === 'renamed') {
      assert.deepEqual([file.oldPath, file.newPath, file.similarity], ['index.md', 'accueil.md', 100]);
    }
    const empty = parsePatch(bodyOf(mails[3] as Buffer));
    assert.deepEqual([empty.files.length, empty.message, empty.diff], [0, '', '']);
    const cover = parsePatch(bodyOf(mails[0] as Buffer));
    assert.equal(cover.files.length, 0);
  } finally {
    repo.cleanup();
  }
});

test('a mode change, a deletion, base-commit, and an in-body From', () => {
  const patch = parsePatch(bodyOf(modeAndDeletePatch()));
  const script = byPath(patch.files, 'script.sh');
  assert.deepEqual(script.kind === 'modified' && [script.oldMode, script.newMode], ['100644', '100755']);
  const old = byPath(patch.files, 'vieux.md');
  assert.deepEqual([old.kind, old.deletions], ['deleted', 1]);

  const repo = patchRepo();
  try {
    repo.commit('Une page', { 'page.md': 'texte\n' });
    const [mail] = repo.formatPatch(['--base=HEAD~1', `--subject-prefix=PATCH ${PREFIX}`, '-1']);
    const based = parsePatch(bodyOf(mail as Buffer));
    assert.equal(based.baseCommit, repo.git(['rev-parse', 'HEAD~1']).trim());
    assert.equal(based.files.length, 1);

    const relayed = parsePatch(`From: Chloé Auteur <chloe@example.org>\nDate: Tue, 3 Jun 2025 10:00:00 +0200\n\nLe vrai message.\n---\n${bodyOf(mail as Buffer).split('---\n').slice(1).join('---\n')}`);
    assert.deepEqual(relayed.inBodyFrom, { name: 'Chloé Auteur', address: 'chloe@example.org' });
    assert.equal(relayed.message, 'Le vrai message.');
  } finally {
    repo.cleanup();
  }
});

test('a symlink patch made by git is reported, in French and English', () => {
  const patch = parsePatch(bodyOf(symlinkPatch()));
  const file = patch.files[0];
  assert.equal(file?.kind === 'added' && file.mode, '120000');
  const unsafe = unsafePaths(patch);
  assert.deepEqual(unsafe.map((found) => [found.path, found.reason]), [['lien', 'symlink']]);
  assert.match(unsafe[0]?.fr ?? '', /lien symbolique/);
  assert.match(unsafe[0]?.en ?? '', /symbolic link/);
});

test('diffs git writes for ../outside and .git/config are unsafe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feuillet-unsafe-'));
  try {
    mkdirSync(join(dir, 'w', '.git'), { recursive: true });
    writeFileSync(join(dir, 'outside'), 'avant\n');
    writeFileSync(join(dir, 'w', 'inside'), 'après\n');
    writeFileSync(join(dir, 'w', 'cfg'), '[core]\n');
    writeFileSync(join(dir, 'w', '.git', 'config'), '[core]\n\thooksPath = /tmp\n');
    const climbing = parsePatch(`Message.\n---\n${noIndexDiff(join(dir, 'w'), '../outside', 'inside')}`);
    assert.deepEqual(
      unsafePaths(climbing).map((found) => found.reason),
      ['parent-directory'],
    );
    const gitConfig = parsePatch(`Message.\n---\n${noIndexDiff(join(dir, 'w'), 'cfg', '.git/config')}`);
    const reasons = unsafePaths(gitConfig);
    assert.ok(reasons.some((found) => found.reason === 'git-directory' && found.path === '.git/config'), JSON.stringify(reasons));
    assert.match(reasons[0]?.fr ?? '', /\.git/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile hand-written headers: absolute names, disagreeing names, disguised .git, control characters', () => {
  const hunk = '@@ -1 +1 @@\n-a\n+b\n';
  const cases: Array<[string, string]> = [
    [`diff --git a/ok b/ok\n--- a/ok\n+++ b/.git/hooks/post-checkout\n${hunk}`, 'git-directory'],
    [`--- /etc/passwd\n+++ /etc/passwd\n${hunk}`, 'absolute'],
    [`diff --git a/x b/x\nsimilarity index 90%\nrename from x\nrename to ../../x\n${hunk}`, 'parent-directory'],
    [`diff --git a/.GIT/config b/.GIT/config\n${hunk}`, 'git-directory'],
    [`diff --git a/.git./config b/.git./config\n${hunk}`, 'git-directory'],
    [`diff --git a/GIT~1/config b/GIT~1/config\n${hunk}`, 'git-directory'],
    [`diff --git "a/.g\\342\\200\\214it/config" "b/.g\\342\\200\\214it/config"\n${hunk}`, 'git-directory'],
    [`diff --git "a/x\\ty" "b/x\\ty"\n${hunk}`, 'control-characters'],
    [`diff --git "a/photo\\342\\200\\256gpj.exe" "b/photo\\342\\200\\256gpj.exe"\n${hunk}`, 'control-characters'],
    [`diff --git a/C:/Windows/x b/C:/Windows/x\nrename from C:/Windows/x\nrename to y\n${hunk}`, 'absolute'],
    [`diff --git a/sub b/sub\nnew file mode 160000\nindex 0000000..1234567\n--- /dev/null\n+++ b/sub\n@@ -0,0 +1 @@\n+Subproject commit 1234567\n`, 'submodule'],
    [`diff --git a/l b/l\nold mode 100644\nnew mode 120000\n`, 'symlink'],
  ];
  for (const [diff, reason] of cases) {
    const patch = parsePatch(`Titre.\n---\n${diff}`);
    assert.ok(unsafePaths(patch).some((found) => found.reason === reason), `${reason} expected for ${JSON.stringify(diff)}: ${JSON.stringify(unsafePaths(patch))}`);
  }
});

test('quoted names with accents decode as UTF-8; unquoted names may hold spaces', () => {
  const quoted = parsePatch(`x\n---\ndiff --git "a/pages/\\303\\251t\\303\\251.md" "b/pages/\\303\\251t\\303\\251.md"\nnew file mode 100644\nindex 0000000..8b2693a\n--- /dev/null\n+++ "b/pages/\\303\\251t\\303\\251.md"\n@@ -0,0 +1 @@\n+Été\n`);
  assert.deepEqual(quoted.files.map(pathsOf), [['pages/été.md']]);
  const spaced = parsePatch('x\n---\ndiff --git a/mon fichier.md b/mon fichier.md\nold mode 100644\nnew mode 100755\n');
  assert.deepEqual(spaced.files.map(pathsOf), [['mon fichier.md']]);
});

test('a traditional diff -u with several files', () => {
  const diff = [
    'diff -ur a/un.md b/un.md',
    '--- a/un.md\t2025-06-02 10:00:00.000000000 +0200',
    '+++ b/un.md\t2025-06-02 10:01:00.000000000 +0200',
    '@@ -1,2 +1,2 @@',
    ' garder',
    '-ancien',
    '+nouveau',
    'diff -ur a/deux.md b/deux.md',
    '--- a/deux.md',
    '+++ b/deux.md',
    '@@ -1 +1,2 @@',
    ' garder',
    '+ajout',
  ].join('\n');
  const patch = parsePatch(`Message\n\n${diff}\n`);
  assert.deepEqual(patch.files.map((file) => [pathsOf(file), file.additions, file.deletions]), [
    [['un.md'], 1, 1],
    [['deux.md'], 1, 0],
  ]);
});

test('trailers are only the last block of Key: value lines, with continuations', () => {
  const patch = parsePatch('Premier paragraphe.\nNote: ceci est du texte.\n\nSigned-off-by: A <a@example.org>\nLink: https://example.org/\n  suite\n---\n');
  assert.equal(patch.message, 'Premier paragraphe.\nNote: ceci est du texte.');
  assert.deepEqual(patch.trailers.map((trailer) => [trailer.key, trailer.value]), [
    ['Signed-off-by', 'A <a@example.org>'],
    ['Link', 'https://example.org/ suite'],
  ]);
  const mixed = parsePatch('Titre.\n\nSigned-off-by: A <a@example.org>\nune phrase ordinaire\n---\n');
  assert.deepEqual(mixed.trailers, []);
  assert.equal(mixed.message, 'Titre.\n\nSigned-off-by: A <a@example.org>\nune phrase ordinaire');
});

test('hostile bodies: truncated mid-hunk, lying hunk counts, garbage, no diff, a very large diff', () => {
  const { repo, mails } = everythingSeries();
  try {
    const body = bodyOf(mails[1] as Buffer);
    for (let cut = 0; cut < body.length; cut += 97) {
      const patch = parsePatch(body.slice(0, cut));
      assert.ok(patch.files.length <= 3);
    }
  } finally {
    repo.cleanup();
  }
  const lying = parsePatch('x\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,999999999 +1,999999999 @@\n-a\n+b\n-- \n2.39.5\n');
  assert.equal(lying.files.length, 1);
  assert.equal(parsePatch('\u0000\u0001\uFFFD garbage\n\n\n---\n\u0000').files.length, 0);
  assert.deepEqual(parsePatch('').files, []);
  const lines = Array.from({ length: 200_000 }, (_, i) => `+ligne ${i}`);
  const big = parsePatch(`x\n---\ndiff --git a/grand.md b/grand.md\nnew file mode 100644\n--- /dev/null\n+++ b/grand.md\n@@ -0,0 +1,${lines.length} @@\n${lines.join('\n')}\n-- \n2.39.5\n`);
  assert.equal(big.files[0]?.additions, 200_000);
});
