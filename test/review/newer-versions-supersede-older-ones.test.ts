/**
 * Versions of a change, end to end: a v2 sent as a new thread or into the v1 thread supersedes v1 (both
 * linked); a single re-sent patch (`v2 2/3` in reply to v1) makes a complete v2 that applies; a late
 * cover letter or missing part keeps the change's number; importing twice adds nothing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyChange } from '../../src/review/actions.js';
import { changeByNumber, changeEvents, listChanges } from '../../src/review/changes.js';
import { MAINTAINER, PREFIX, reviewWorld, run } from './desk-fixture.js';

const PAGES = { 'index.md': '# Accueil\n\nBienvenue.\n', 'guide.md': '# Guide\n\nUn.\n' };

function messageIdOf(mail: Buffer): string {
  return /^Message-ID: <([^>]+)>/im.exec(mail.toString('utf8'))?.[1] ?? '';
}

test('a v2 sent as a new thread supersedes v1, and the two are linked', async () => {
  const world = await reviewWorld(PAGES);
  try {
    const c = world.contributor;
    c.commit('Améliore le guide', { 'guide.md': '# Guide\n\nDeux.\n' });
    await world.ingest(c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    c.git(['commit', '--quiet', '--amend', '-m', 'Améliore le guide'], undefined);
    c.commit('Améliore le guide', { 'guide.md': '# Guide\n\nTrois.\n' });
    c.git(['reset', '--quiet', '--soft', 'HEAD~2']);
    c.git(['commit', '--quiet', '-m', 'Améliore le guide']);
    const report = await world.ingest(c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-v2', '-1']));
    assert.equal(report.changes.created.length, 1);
    const { changes } = await listChanges(world.db);
    const [v2, v1] = changes;
    assert.equal(v1?.version, 1);
    assert.equal(v1?.state, 'superseded');
    assert.equal(v1?.supersededBy, v2?.number);
    assert.equal(v2?.version, 2);
    assert.equal(v2?.state, 'proposed');
    assert.equal(v2?.supersedes, v1?.number);
    const events = await changeEvents(world.db, v1!.number);
    assert.deepEqual(events.map((event) => [event.actor, event.to]), [
      ['elodie@example.org', 'proposed'],
      ['feuillet', 'superseded'],
    ]);
    // Applying the old version is refused with a pointer to the new one.
    const old = await applyChange(world.desk, v1!.number, MAINTAINER);
    assert.equal(old.kind, 'refused');
    if (old.kind === 'refused') assert.match(old.en, new RegExp(`#${v2!.number}`));
  } finally {
    await world.cleanup();
  }
});

test('one patch re-sent as v2 in reply to v1 makes a complete v2 from the rest, which applies', async () => {
  const world = await reviewWorld(PAGES);
  try {
    const c = world.contributor;
    c.commit('Première page', { 'un.md': '# Un\n' });
    c.commit('Deuxième page', { 'deux.md': '# Deux\n\nAvec une faute.\n' });
    c.commit('Troisième page', { 'trois.md': '# Trois\n' });
    const v1 = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--cover-letter', '--thread=shallow', 'HEAD~3']);
    await world.ingest(v1);
    // The contributor fixes patch 2 only and sends it alone, in reply to v1's second patch.
    c.git(['checkout', '--quiet', 'HEAD~1']);
    c.git(['checkout', '--quiet', '-b', 'fix', 'HEAD~1']);
    c.commit('Deuxième page', { 'deux.md': '# Deux\n\nSans faute.\n' }, []);
    const fixed = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-v2', `--in-reply-to=${messageIdOf(v1[2]!)}`, '--start-number=2', '-1']);
    const rewritten = Buffer.from(fixed[0]!.toString('utf8').replace(/\[PATCH logiciels-libres v2\]/, '[PATCH logiciels-libres v2 2/3]'));
    await world.ingest([rewritten]);

    const { changes } = await listChanges(world.db);
    assert.equal(changes.length, 2);
    const [second, first] = changes;
    assert.equal(first?.state, 'superseded');
    assert.equal(second?.version, 2);
    assert.equal(second?.complete, true);
    assert.deepEqual(
      second?.series.patches.map((patch) => [patch.index, patch.inheritedFrom === undefined ? 'own' : 'inherited']),
      [
        [1, 'inherited'],
        [2, 'own'],
        [3, 'inherited'],
      ],
    );
    const result = await applyChange(world.desk, second!.number, MAINTAINER);
    assert.equal(result.kind, 'applied', JSON.stringify(result));
    assert.equal(run(world.repo, ['show', 'main:deux.md']), '# Deux\n\nSans faute.\n');
    assert.equal(run(world.repo, ['show', 'main:trois.md']), '# Trois\n');
  } finally {
    await world.cleanup();
  }
});

test('a v2 sent into the v1 thread supersedes it; a late cover letter keeps the number; a second import adds nothing', async () => {
  const world = await reviewWorld(PAGES);
  try {
    const c = world.contributor;
    c.commit('Page A', { 'a.md': '# A\n' });
    c.commit('Page B', { 'b.md': '# B\n' });
    const v1 = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--cover-letter', '--thread=shallow', 'HEAD~2']);
    // Parts arrive before their cover letter.
    await world.ingest([v1[1]!, v1[2]!]);
    const early = (await listChanges(world.db)).changes;
    assert.equal(early.length, 1);
    const number = early[0]!.number;
    await world.ingest([v1[0]!]);
    const withCover = await changeByNumber(world.db, number);
    assert.equal(withCover?.change.seriesId, messageIdOf(v1[0]!));
    assert.equal((await listChanges(world.db)).total, 1);

    // format-patch makes Message-IDs from the commit and the second: a later second, other ids.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const v2 = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-v2', '--cover-letter', '--thread=shallow', `--in-reply-to=${messageIdOf(v1[0]!)}`, 'HEAD~2']);
    await world.ingest(v2);
    const again = await world.ingest([...v1, ...v2]);
    assert.equal(again.archived, 0);
    assert.equal(again.duplicates, 6);
    const { changes } = await listChanges(world.db);
    assert.equal(changes.length, 2);
    assert.equal(changes[1]?.number, number);
    assert.equal(changes[1]?.state, 'superseded');
    assert.equal(changes[0]?.supersedes, number);

    // Another process opening the same data folder sees the same changes.
    await world.reopen();
    assert.deepEqual((await listChanges(world.db)).changes.map((change) => [change.number, change.state]), changes.map((change) => [change.number, change.state]));
    const report = await world.desk.regroup();
    assert.deepEqual(report.created, []);
  } finally {
    await world.cleanup();
  }
});
