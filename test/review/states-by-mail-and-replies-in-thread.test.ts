/**
 * A change's state moves by mail (`X-Feuillet-Update`) when a maintainer or, for what authors may do,
 * the author sends it; review trailers from replies go into the applied commits; every state change and
 * the apply are told in the change's thread by mail (In-Reply-To, References, the list in Cc), the
 * author getting "applied as <commit>".
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { createAccount } from '../../src/auth/accounts.js';
import { authContext, OPERATOR } from '../../src/auth/context.js';
import { applyChange, setChangeState } from '../../src/review/actions.js';
import { changeEvents, listChanges } from '../../src/review/changes.js';
import { commitIdentity, MAINTAINER, PREFIX, reviewWorld, type ReviewWorld } from './desk-fixture.js';

function reply(world: ReviewWorld, options: { from: string; to: string; id: string; update?: string; body?: string; date?: string }): Buffer {
  return Buffer.from(
    [
      `From: ${options.from}`,
      'To: logiciels-libres@lists.localhost',
      `Subject: Re: [PATCH ${PREFIX}] Améliore le guide`,
      `Message-ID: <${options.id}>`,
      `In-Reply-To: <${options.to}>`,
      `References: <${options.to}>`,
      `Date: ${options.date ?? 'Tue, 3 Jun 2025 10:00:00 +0200'}`,
      ...(options.update ? [`X-Feuillet-Update: ${options.update}`] : []),
      'Content-Type: text/plain; charset=UTF-8',
      '',
      options.body ?? 'Merci !',
      '',
    ].join('\r\n'),
  );
}

async function outbox(world: ReviewWorld) {
  const dir = join(world.opened.dataDir, 'outbox');
  const names = readdirSync(dir).filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(names.map((name) => simpleParser(readFileSync(join(dir, name)))));
}

test('states set by mail: a maintainer any, the author only needs-revision or withdrawal, a stranger none', async () => {
  const world = await reviewWorld({ 'guide.md': '# Guide\n\nUn.\n' });
  try {
    await createAccount(authContext(world.db), OPERATOR, { email: 'maia@example.org', role: 'maintainer' });
    world.contributor.commit('Améliore le guide', { 'guide.md': '# Guide\n\nDeux.\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    const change = (await listChanges(world.db)).changes[0]!;
    const state = async () => (await listChanges(world.db)).changes[0]?.state;

    const stranger = await world.ingest([reply(world, { from: 'Mallory <mallory@example.org>', to: change.seriesId, id: 'r1@example.org', update: 'APPLIED' })]);
    assert.equal(stranger.stateUpdates[0]?.applied, false);
    assert.equal(await state(), 'proposed');

    const author = await world.ingest([reply(world, { from: 'Élodie <elodie@example.org>', to: change.seriesId, id: 'r2@example.org', update: 'APPLIED' })]);
    assert.equal(author.stateUpdates[0]?.applied, false);
    await world.ingest([reply(world, { from: 'Élodie <elodie@example.org>', to: change.seriesId, id: 'r3@example.org', update: 'needs_revision' })]);
    assert.equal(await state(), 'needs-revision');

    const maintainer = await world.ingest([reply(world, { from: 'Maïa <MAIA@example.org>', to: 'r3@example.org', id: 'r4@example.org', update: 'Approved' })]);
    assert.equal(maintainer.stateUpdates[0]?.applied, true);
    assert.equal(await state(), 'approved');
    const events = await changeEvents(world.db, change.number);
    assert.deepEqual(events.slice(1).map((event) => [event.actor, event.via, event.to, event.messageId]), [
      ['elodie@example.org', 'mail', 'needs-revision', 'r3@example.org'],
      ['MAIA@example.org', 'mail', 'approved', 'r4@example.org'],
    ]);
  } finally {
    await world.cleanup();
  }
});

test('review trailers from replies go into the commit; the author is told "applied as <commit>" in the thread', async () => {
  const world = await reviewWorld({ 'guide.md': '# Guide\n\nUn.\n' });
  try {
    world.contributor.commit('Améliore le guide\n\nSigned-off-by: Élodie Dupré <elodie@example.org>', { 'guide.md': '# Guide\n\nDeux.\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-1']));
    const change = (await listChanges(world.db)).changes[0]!;
    await world.ingest([
      reply(world, { from: 'Bob Martin <bob@example.org>', to: change.seriesId, id: 'bob@example.org', body: '> Deux.\n\nReviewed-by: Bob Martin <bob@example.org>\nTested-by: Carole <carole@example.org>' }),
    ]);
    const reviewed = (await listChanges(world.db)).changes[0]!;
    assert.deepEqual(reviewed.series.patches[0]?.followUpTrailers.map((t) => `${t.key}: ${t.value}`), ['Reviewed-by: Bob Martin <bob@example.org>']);
    assert.equal(reviewed.series.refusedTrailers.length, 1);

    const moved = await setChangeState(world.desk, change.number, 'approved', MAINTAINER);
    assert.equal(moved.kind, 'moved');
    const applied = await applyChange(world.desk, change.number, MAINTAINER);
    assert.equal(applied.kind, 'applied', JSON.stringify(applied));
    if (applied.kind !== 'applied') return;
    const commit = applied.commits[0]!.commit;
    assert.match(commitIdentity(world.repo, commit).message, /Signed-off-by: Élodie Dupré <elodie@example.org>\nReviewed-by: Bob Martin <bob@example.org>\nLink: mid:/);

    const mails = await outbox(world);
    assert.equal(mails.length, 2);
    for (const mail of mails) {
      assert.equal(mail.inReplyTo, `<${change.seriesId}>`);
      assert.match(String(mail.references), new RegExp(change.seriesId.replace(/[.]/g, '\\.')));
      assert.equal(mail.subject, `Re: [PATCH ${PREFIX}] Améliore le guide`);
      assert.deepEqual(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((v) => v.address) : [], ['elodie@example.org']);
      assert.deepEqual(mail.cc && !Array.isArray(mail.cc) ? mail.cc.value.map((v) => v.address) : [], ['logiciels-libres@lists.localhost']);
    }
    assert.match(mails[0]?.text ?? '', /approuvée/);
    assert.match(mails[1]?.text ?? '', new RegExp(`applied as ${commit}`));
  } finally {
    await world.cleanup();
  }
});
