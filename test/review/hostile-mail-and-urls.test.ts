/**
 * What strangers can send to the list or type in a URL never breaks the review: empty, binary, truncated
 * or oversized mail is reported and skipped; a forged Message-ID cannot replace an archived message;
 * reply loops and unknown states are harmless; malformed change numbers, Message-IDs and query strings
 * answer 404 or are ignored, never 500.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawMessage } from '../../src/review/archive.js';
import { listChanges } from '../../src/review/changes.js';
import { PREFIX, reviewWorld, serveWorld } from './desk-fixture.js';

const mail = (headers: string, body = 'Bonjour.\n') => Buffer.from(`${headers}\n\n${body}`);

test('empty, binary, truncated and oversized mail is reported, the rest archived', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  try {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    const huge = Buffer.concat([Buffer.from('From: a@example.org\nSubject: gros\nMessage-ID: <gros@example.org>\n\n'), Buffer.alloc(33 * 1024 * 1024, 0x61)]);
    const truncated = mail(`From: Élodie <elodie@example.org>\nSubject: [PATCH ${PREFIX}] Coupé\nMessage-ID: <coupe@example.org>`, 'Texte.\n---\ndiff --git a/index.md b/index.md\n--- a/index.md\n+++ b/index.md\n@@ -1,3 +1,3 @@\n # Acc');
    const latin1 = Buffer.concat([Buffer.from('From: =?iso-8859-1?q?Andr=E9?= <andre@example.org>\nSubject: '), Buffer.from('Caf\xe9 cr\xe8me', 'latin1'), Buffer.from('\nMessage-ID: <latin@example.org>\nContent-Type: text/plain; charset=utf-8\n\n'), Buffer.from('D\xe9j\xe0 vu\n', 'latin1')]);
    const report = await world.ingest([Buffer.alloc(0), garbage, huge, truncated, latin1]);
    assert.deepEqual(report.rejected.map((rejection) => rejection.code).sort(), ['empty', 'not-a-message', 'too-large']);
    assert.equal(report.archived, 2);
    assert.match((await rawMessage(world.db, 'latin@example.org'))?.toString('latin1') ?? '', /Caf\xe9/);
  } finally {
    await world.cleanup();
  }
});

test('a second message with a known Message-ID changes nothing; reply loops and unknown states are harmless', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  try {
    world.contributor.commit('Une page', { 'page.md': '# Page\n' });
    const [patch] = world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']);
    await world.ingest([patch!]);
    const change = (await listChanges(world.db)).changes[0]!;
    const original = await rawMessage(world.db, change.seriesId);
    const forged = mail(`From: Mallory <mallory@example.org>\nSubject: [PATCH ${PREFIX}] Une page\nMessage-ID:\n <${change.seriesId}>`, 'Remplacé.\n');
    const loopA = mail('From: a@example.org\nSubject: A\nMessage-ID: <a@example.org>\nIn-Reply-To: <b@example.org>\nX-Feuillet-Update: APPLIED');
    const loopB = mail('From: b@example.org\nSubject: B\nMessage-ID: <b@example.org>\nIn-Reply-To: <a@example.org>\nX-Feuillet-Update: n\u0000importe quoi');
    const report = await world.ingest([forged, loopA, loopB]);
    assert.equal(report.duplicates, 1);
    assert.deepEqual(await rawMessage(world.db, change.seriesId), original);
    assert.deepEqual(report.stateUpdates.map((update) => update.applied), [false, false]);
    assert.equal((await listChanges(world.db)).changes[0]?.state, 'proposed');
  } finally {
    await world.cleanup();
  }
});

test('malformed numbers, Message-IDs and queries answer 404 or are ignored, never 500', async () => {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  const server = await serveWorld(world);
  try {
    for (const path of [
      '/-/review/0',
      '/-/review/-1',
      '/-/review/1e3',
      '/-/review/99999999999999999999',
      '/-/review/12/mbox',
      '/-/review/%00',
      '/-/archive/m/',
      '/-/archive/m/%ZZ',
      '/-/archive/m/a%2Fb/raw',
      `/-/archive/m/${'x'.repeat(5000)}`,
      '/-/archive/t/%E0%A4%A/mbox',
      '/-/archive/t/..%2F..%2Fetc%2Fpasswd',
    ]) {
      const response = await server.get(path);
      assert.equal(response.status, 404, `${path} answered ${response.status}`);
    }
    for (const query of ['?state=%00', '?page=-5', '?page=1e309', `?author=${'%25'.repeat(3000)}`, '?prefix[]=x&state[]=y']) {
      const response = await server.get(`/-/review/${query}`);
      assert.equal(response.status, 200, `${query} answered ${response.status}`);
    }
    assert.equal((await server.get('/-/archive/?page=abc')).status, 200);
  } finally {
    await server.close();
    await world.cleanup();
  }
});
