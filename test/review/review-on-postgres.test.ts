/**
 * The review's tables and queries on PostgreSQL (config `database.url`): archive, series regrouped into
 * changes with a newer version superseding the older, a state set by mail, an apply, the archive read
 * back, on a throw-away server.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAccount } from '../../src/auth/accounts.js';
import { authContext, OPERATOR } from '../../src/auth/context.js';
import { applyChange } from '../../src/review/actions.js';
import { rawMessage, threadMessages, threadSummaries } from '../../src/review/archive.js';
import { changeEvents, listChanges } from '../../src/review/changes.js';
import { skipPostgres, startPostgres } from '../store/postgres-server.js';
import { MAINTAINER, PREFIX, reviewWorld, run } from './desk-fixture.js';

test('archive, changes, supersede, states by mail and apply on PostgreSQL', { skip: skipPostgres, timeout: 240_000 }, async (t) => {
  const server = await startPostgres();
  t.after(() => server.stop());
  const world = await reviewWorld({ 'index.md': '# Accueil\n\nBienvenue.\n' }, { databaseUrl: await server.createDatabase() });
  try {
    assert.equal(world.db.dialect, 'postgres');
    await createAccount(authContext(world.db), OPERATOR, { email: 'maia@example.org', role: 'maintainer' });
    const c = world.contributor;
    c.commit('Accueil plus chaleureux', { 'index.md': '# Accueil\n\nBienvenue à tous.\n' });
    const v1 = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']);
    await world.ingest(v1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    c.git(['commit', '--quiet', '--amend', '-m', 'Accueil plus chaleureux\n\nAvec un point d’exclamation.']);
    const v2 = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-v2', '--thread=shallow', '-1']);
    const report = await world.ingest(v2);
    assert.equal(report.changes.superseded.length, 1);
    const [newer, older] = (await listChanges(world.db)).changes;
    assert.equal(older?.state, 'superseded');
    assert.equal(newer?.supersedes, older?.number);

    const approve = Buffer.from(
      `From: Maïa <maia@example.org>\nSubject: Re: v2\nMessage-ID: <ok@example.org>\nIn-Reply-To: <${newer!.seriesId}>\nX-Feuillet-Update: APPROVED\n\nParfait.\n`,
    );
    assert.equal((await world.ingest([approve])).stateUpdates[0]?.applied, true);
    const applied = await applyChange(world.desk, newer!.number, MAINTAINER);
    assert.equal(applied.kind, 'applied', JSON.stringify(applied));
    assert.equal(run(world.repo, ['show', 'main:index.md']), '# Accueil\n\nBienvenue à tous.\n');
    assert.deepEqual((await changeEvents(world.db, newer!.number)).map((event) => event.to ?? null), ['proposed', 'approved', 'applied']);

    const { threads, total } = await threadSummaries(world.db, { limit: 10, offset: 0 });
    assert.equal(total, 2);
    assert.equal(threads.length, 2);
    const thread = await threadMessages(world.db, newer!.seriesId);
    assert.deepEqual(thread.map((message) => message.messageId), [newer!.seriesId, 'ok@example.org']);
    assert.match((await rawMessage(world.db, 'ok@example.org'))?.toString('utf8') ?? '', /X-Feuillet-Update: APPROVED/);
  } finally {
    await world.cleanup();
  }
});
