/**
 * A signed-in contributor without write access proposes a change from the same editor: it becomes a
 * `git format-patch` mail with the contributor as author, a change in the review like an emailed one,
 * the branch untouched; a new version supersedes the first; a maintainer applies it from the review.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listChanges } from '../../src/review/changes.js';
import { run } from '../review/desk-fixture.js';
import { editWorld } from './edit-fixture.js';

test('a contributor proposes, revises (v2 supersedes v1) and a maintainer applies; the author is kept', async () => {
  const w = await editWorld();
  try {
    const contributor = await w.person('contributor', 'camille@example.org', 'Camille Contributrice');
    const form = await contributor.open('guide.md');
    assert.equal(form.status, 200);
    assert.equal(form.document.querySelector('.editor-save')?.textContent?.trim(), 'Envoyer la proposition');
    const head = w.head();
    const proposed = await contributor.save('guide.md', { base: form.base, text: form.text.replace('Premier paragraphe.', 'Premier paragraphe, proposé.'), message: 'Propose une précision' });
    assert.equal(proposed.status, 303);
    const location = proposed.headers.get('location') ?? '';
    assert.match(location, /^\/-\/review\/\d+$/);
    assert.equal(w.head(), head, 'the branch is untouched');
    const { changes } = await listChanges(w.world.db);
    assert.equal(changes.length, 1);
    const first = changes[0]!;
    assert.equal(first.title, 'Propose une précision');
    assert.equal(first.sender.address, 'camille@example.org');
    assert.equal(first.state, 'proposed');
    const page = await w.server.get(location);
    assert.match(await page.text(), /Premier paragraphe, proposé\./);

    // A new version from the editor opened on the proposal: the proposed text comes back.
    const revise = await contributor.open(`guide.md?revise=${first.number}`);
    assert.match(revise.text, /Premier paragraphe, proposé\./);
    assert.equal(revise.document.querySelector('input[name="revise"]')?.getAttribute('value'), String(first.number));
    const second = await contributor.save('guide.md', { base: revise.base, revise: String(first.number), text: revise.text.replace('proposé.', 'proposé et revu.'), message: 'Propose une précision' });
    assert.equal(second.status, 303);
    const after = (await listChanges(w.world.db)).changes;
    const v2 = after.find((change) => change.version === 2);
    assert.ok(v2, JSON.stringify(after.map((c) => [c.number, c.version, c.state])));
    assert.equal(after.find((change) => change.number === first.number)?.state, 'superseded');

    // Someone else cannot revise it.
    const other = await w.person('contributor', 'other@example.org', 'Autre');
    const stolen = await other.open(`guide.md?revise=${first.number}`);
    assert.equal(stolen.document.querySelector('input[name="revise"]'), null);

    const maintainer = await w.person('maintainer', 'maia@example.org', 'Maïa Mainteneuse');
    const applied = await w.server.post(`/-/review/${v2.number}/apply`, { _csrf: maintainer.csrf }, maintainer.cookie);
    assert.equal(applied.status, 303);
    assert.match(run(w.world.repo, ['show', 'main:guide.md']), /Premier paragraphe, proposé et revu\./);
    assert.equal(run(w.world.repo, ['show', '-s', '--format=%an <%ae>|%cn', 'main']).trim(), 'Camille Contributrice <camille@example.org>|Maïa Mainteneuse');
  } finally {
    await w.close();
  }
});

test('a proposal that changes nothing is not sent', async () => {
  const w = await editWorld();
  try {
    const contributor = await w.person('contributor');
    const form = await contributor.open('guide.md');
    const answer = await contributor.save('guide.md', { base: form.base, text: form.text });
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /Rien à enregistrer/);
    assert.equal((await listChanges(w.world.db)).changes.length, 0);
  } finally {
    await w.close();
  }
});
