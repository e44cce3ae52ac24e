/**
 * A contributor may also send their proposal to the list ("Envoyer aussi la proposition à la liste"):
 * the patch mail, with the Message-ID of the change already recorded, goes out through the relay or the
 * outbox from the wiki's sender on the contributor's behalf (Reply-To them, their name first in the body
 * where git am reads the author); the list's copy coming back is not a second change, and git am of it
 * keeps the contributor as author. Unticked, nothing is mailed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { listChanges } from '../../src/review/changes.js';
import { run } from '../review/desk-fixture.js';
import { editWorld } from './edit-fixture.js';

function outbox(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
}

test('a proposal also mailed to the list keeps its Message-ID, is sent on the contributor’s behalf, and comes back as the same change', async () => {
  const w = await editWorld();
  try {
    const { outboxDir, listAddress, from } = w.world.desk.options;
    const contributor = await w.person('contributor', 'camille@example.org', 'Camille Contributrice');
    const form = await contributor.open('guide.md');
    const box = form.document.querySelector('#editor-mail');
    assert.equal(box?.getAttribute('type'), 'checkbox');
    assert.equal(box?.hasAttribute('checked'), false, 'not ticked unless asked');
    assert.equal((await (await w.person('writer')).open('guide.md')).document.querySelector('#editor-mail'), null, 'writers save, they do not propose');
    // Ticked, it stays ticked when the form comes back (preview without JavaScript).
    const previewed = await contributor.save('guide.md', { base: form.base, text: form.text, action: 'preview', mail: '1' });
    assert.match(await previewed.text(), /id="editor-mail"[^>]*checked/);

    // Not ticked: nothing mailed.
    const quiet = await contributor.save('guide.md', { base: form.base, text: form.text.replace('Troisième paragraphe.', 'Troisième, sans liste.'), message: 'Sans la liste' });
    assert.equal(quiet.status, 303);
    assert.doesNotMatch(quiet.headers.get('location') ?? '', /mail=/, 'no list copy asked, nothing said of one');
    assert.deepEqual(outbox(outboxDir), []);

    const text = form.text.replace('Premier paragraphe.', 'Premier paragraphe, envoyé aussi à la liste.');
    const proposed = await contributor.save('guide.md', { base: form.base, text, message: 'Propose une précision', mail: '1' });
    assert.equal(proposed.status, 303);
    const files = outbox(outboxDir);
    assert.equal(files.length, 1, 'no relay in this world: the mail is in the outbox');
    // The contributor is told, on the change's page and on their account page.
    const told = await w.server.page(proposed.headers.get('location')!, contributor.cookie);
    assert.match(told.document.querySelector('.review-note[role="status"]')?.textContent ?? '', /attend dans la boîte d’envoi/);
    const account = await w.server.page('/-/account', contributor.cookie);
    const mine = [...account.document.querySelectorAll('.my-proposals li')].map((li) => li.textContent ?? '');
    assert.ok(mine.some((line) => /Propose une précision/.test(line) && /envoi à la liste en attente/.test(line)), mine.join(' | '));
    assert.ok(mine.some((line) => /Sans la liste/.test(line) && !/en attente/.test(line)), mine.join(' | '));
    const raw = readFileSync(join(outboxDir, files[0]!));
    const mail = await simpleParser(raw);
    const change = (await listChanges(w.world.db)).changes.find((c) => c.title === 'Propose une précision');
    assert.ok(change);
    assert.equal(mail.messageId, `<${change.seriesId}>`, 'the Message-ID of the change recorded');
    assert.equal(mail.from?.value[0]?.address, from.address, 'sent by the wiki');
    assert.match(mail.from?.value[0]?.name ?? '', /^Camille Contributrice via /);
    assert.equal(mail.replyTo?.value[0]?.address, 'camille@example.org');
    assert.equal((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address, listAddress);
    assert.match(mail.subject ?? '', /^\[PATCH [^\]]+\] Propose une précision$/);
    assert.match(mail.text ?? '', /^From: Camille Contributrice <camille@example\.org>\n\n/);

    // The list's copy comes back: the same change, not a second one.
    const before = (await listChanges(w.world.db)).total;
    await w.world.ingest([raw]);
    assert.equal((await listChanges(w.world.db)).total, before);

    // Applied from the list with git am, the contributor is the author.
    const clone = w.world.contributor.dir;
    const file = join(w.world.parent, 'from-the-list.eml');
    writeFileSync(file, raw);
    run(clone, ['am', '--quiet', file], { GIT_COMMITTER_NAME: 'Liste', GIT_COMMITTER_EMAIL: 'liste@example.org' });
    assert.equal(run(clone, ['show', '-s', '--format=%an <%ae>|%s', 'HEAD']).trim(), 'Camille Contributrice <camille@example.org>|Propose une précision');
    assert.match(run(clone, ['show', 'HEAD:guide.md']), /envoyé aussi à la liste/);
  } finally {
    await w.close();
  }
});
