/**
 * Mail that would write into `.git`, climb out of the repository or make a symbolic link never becomes
 * a change: it is archived as discussion with the reason, a series holding it is incomplete and cannot
 * be applied, and even fed to `git am` directly nothing outside the repository is touched.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commitSeries } from '../../src/git/apply.js';
import { applyChange } from '../../src/review/actions.js';
import { archivedMessage } from '../../src/review/archive.js';
import { listChanges } from '../../src/review/changes.js';
import { MAINTAINER, PREFIX, reviewWorld, run } from './desk-fixture.js';

function mail(id: string, subject: string, diff: string, headers = ''): Buffer {
  return Buffer.from(
    [
      'From: Mallory <mallory@example.org>',
      'To: logiciels-libres@lists.localhost',
      `Subject: ${subject}`,
      `Message-ID: <${id}>`,
      'Date: Mon, 2 Jun 2025 10:00:00 +0200',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      headers,
      '',
      'Un correctif anodin.',
      '---',
      diff,
    ]
      .filter((line, i) => i !== 8 || line !== '')
      .join('\n'),
  );
}

const GIT_CONFIG = `diff --git a/.git/config b/.git/config
--- a/.git/config
+++ b/.git/config
@@ -1 +1,2 @@
 [core]
+\thooksPath = /tmp/feuillet-evil-hooks
`;

const OUTSIDE = `diff --git a/../outside.md b/../outside.md
new file mode 100644
--- /dev/null
+++ b/../outside.md
@@ -0,0 +1 @@
+écrit hors du dépôt
`;

const GOOD = `diff --git a/index.md b/index.md
--- a/index.md
+++ b/index.md
@@ -1,3 +1,3 @@
 # Accueil
 
-Bienvenue.
+Bienvenue à tous.
`;

test('patches touching .git/config or ../outside are archived as discussion with the reason', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n' });
  try {
    const report = await world.ingest([
      mail('git-config@example.org', `[PATCH ${PREFIX}] Réglage`, GIT_CONFIG),
      mail('outside@example.org', `[PATCH ${PREFIX}] Nouvelle page`, OUTSIDE),
    ]);
    assert.equal(report.archived, 2);
    assert.deepEqual(
      report.refusedPatches.map((refused) => [refused.messageId, [...new Set(refused.reasons.map((reason) => reason.reason))]]),
      [
        ['git-config@example.org', ['git-directory']],
        ['outside@example.org', ['parent-directory']],
      ],
    );
    assert.equal((await listChanges(world.db)).total, 0);
    const archived = await archivedMessage(world.db, 'git-config@example.org');
    assert.equal(archived?.kind, 'discussion');
    assert.match(archived?.refusal?.[0]?.fr ?? '', /dossier \.git/);
    assert.match(archived?.refusal?.[0]?.en ?? '', /\.git folder/);
  } finally {
    await world.cleanup();
  }
});

test('a symbolic link patch is refused, and the series it belongs to cannot be applied', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n' });
  try {
    world.contributor.commit('Première partie', { 'a.md': 'A\n' });
    symlinkSync('../../../etc/passwd', join(world.contributor.dir, 'lien'));
    world.contributor.commit('Ajoute un lien');
    world.contributor.commit('Troisième partie', { 'c.md': 'C\n' });
    const report = await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--cover-letter', '--thread=shallow', 'HEAD~3']));
    assert.deepEqual(report.refusedPatches.map((refused) => refused.reasons.map((reason) => [reason.path, reason.reason])), [[['lien', 'symlink']]]);
    const change = (await listChanges(world.db)).changes[0]!;
    assert.equal(change.complete, false);
    assert.deepEqual(change.series.missing, [2]);
    const before = run(world.repo, ['rev-parse', 'main']).trim();
    const result = await applyChange(world.desk, change.number, MAINTAINER);
    assert.equal(result.kind, 'refused');
    assert.equal(run(world.repo, ['rev-parse', 'main']).trim(), before);
    // Applying the parts that are there is the maintainer's choice, and works.
    const partial = await applyChange(world.desk, change.number, MAINTAINER, { patches: [1, 3] });
    assert.equal(partial.kind, 'applied', JSON.stringify(partial));
    assert.equal(run(world.repo, ['ls-tree', '--name-only', 'main']).split('\n').includes('lien'), false);
    assert.equal((await listChanges(world.db)).changes[0]?.state, 'proposed');
  } finally {
    await world.cleanup();
  }
});

test('even given straight to git am, hostile patches touch nothing outside the repository', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n' }, { bare: false });
  try {
    const config = readFileSync(join(world.repo, '.git', 'config'), 'utf8');
    const base = run(world.repo, ['rev-parse', 'main']).trim();
    for (const diff of [GIT_CONFIG, OUTSIDE]) {
      const result = await commitSeries(world.desk.repo, base, { messages: [mail('x@example.org', `[PATCH ${PREFIX}] x`, GOOD), mail('y@example.org', `[PATCH ${PREFIX}] y`, diff)] }, { name: 'M', email: 'm@example.org' });
      assert.equal(result.kind, 'conflict');
    }
    assert.equal(readFileSync(join(world.repo, '.git', 'config'), 'utf8'), config);
    assert.equal(existsSync(join(world.parent, 'outside.md')), false);
    assert.equal(run(world.repo, ['rev-parse', 'main']).trim(), base);
    assert.equal(run(world.repo, ['status', '--porcelain']), '');
  } finally {
    await world.cleanup();
  }
});
