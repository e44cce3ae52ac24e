/**
 * A series applied through the review comes out as the contributor made it: the same trees (CRLF line
 * ends, binary files, renames, empty commits, accented names), the author and date kept, the maintainer
 * as committer, a Link: trailer to the archived mail, review trailers sent in replies added.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyChange } from '../../src/review/actions.js';
import { listChanges } from '../../src/review/changes.js';
import { commitIdentity, MAINTAINER, PREFIX, reviewWorld, run, treeOf } from './desk-fixture.js';

function binary(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 7919 + 13) % 256));
}

for (const bare of [false, true]) {
  test(`CRLF files, binary files, renames and empty commits survive mail and git am (${bare ? 'bare repository' : 'clone with a work tree'})`, async () => {
    const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n', 'notes-crlf.md': 'un\r\ndeux\r\n', 'docs/vieux.png': binary(300) }, { bare });
    try {
      const { contributor } = world;
      contributor.commit('Ajoute la page « Été à la mer »\n\nLa page décrit les sorties.\n\nSigned-off-by: Élodie Dupré <elodie@example.org>\n', {
        'pages/été à la mer.md': '# Été\n\nÀ la mer, voir [accueil](../index.md).\n',
        'docs/logo.png': binary(900),
        'notes-crlf.md': 'un\r\nDEUX\r\ntrois\r\n',
        'docs/vieux.png': binary(301),
      });
      contributor.git(['mv', 'index.md', 'accueil.md']);
      contributor.git(['commit', '--quiet', '-m', 'Renomme la page d’accueil']);
      contributor.commit('Commit vide');
      const wanted = run(contributor.dir, ['rev-parse', 'HEAD^{tree}']).trim();
      const mails = contributor.formatPatch(['--always', '--cover-letter', '-v2', `--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '--to=logiciels-libres@lists.localhost', 'HEAD~3']);
      const report = await world.ingest(mails);
      assert.equal(report.archived, 4);
      assert.deepEqual(report.refusedPatches, []);
      const { changes } = await listChanges(world.db);
      assert.equal(changes.length, 1);
      const change = changes[0]!;
      assert.equal(change.complete, true);
      assert.equal(change.version, 2);
      assert.equal(change.total, 3);

      const result = await applyChange(world.desk, change.number, MAINTAINER);
      assert.equal(result.kind, 'applied', JSON.stringify(result));
      if (result.kind !== 'applied') return;
      assert.equal(result.state, 'applied');
      assert.equal(run(world.repo, ['rev-parse', 'main^{tree}']).trim(), wanted);
      assert.equal(treeOf(world.repo, 'main'), treeOf(contributor.dir, 'HEAD'));
      const first = commitIdentity(world.repo, result.commits[0]!.commit);
      assert.equal(first.author, 'Élodie Dupré <elodie@example.org>');
      assert.equal(first.authorDate, '2025-06-01T10:00:00+00:00');
      assert.equal(first.committer, 'Maïa Mainteneuse <maia@example.org>');
      assert.match(first.message, /^Signed-off-by: Élodie Dupré <elodie@example.org>\nLink: mid:/m);
      assert.equal(run(world.repo, ['rev-list', '--count', 'main']).trim(), '4');
      assert.equal(commitIdentity(world.repo, 'main').message.split('\n')[0], 'Commit vide');
      if (!bare) {
        // The maintainer's work tree followed the branch.
        assert.equal(run(world.repo, ['status', '--porcelain']), '');
      }
    } finally {
      await world.cleanup();
    }
  });
}
