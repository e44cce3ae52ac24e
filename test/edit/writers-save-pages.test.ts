/**
 * A writer edits a page in the browser: one commit on the published branch with their name and address,
 * the page and the search show it at once; an edit of other lines made meanwhile is merged; an edit of
 * the same lines gets a 409 with the writer's text, the current version and the conflict, and nothing
 * is committed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../review/desk-fixture.js';
import { editWorld, PAGES, textareaValue } from './edit-fixture.js';

test('a writer saves: one commit by them on the branch, the page and the search show it at once', async () => {
  const w = await editWorld();
  try {
    const writer = await w.person('writer', 'elise@example.org', 'Élise Rédactrice');
    const form = await writer.open('guide.md');
    assert.equal(form.status, 200);
    assert.equal(form.base, w.head());
    assert.equal(form.text, PAGES['guide.md']);
    assert.equal(form.message, 'Modifie Guide');
    assert.match(form.document.querySelector('.editor-preview-body')?.innerHTML ?? '', /<p>Premier paragraphe\.<\/p>/);
    // Browsers send a textarea's lines with CRLF: the file keeps LF.
    const text = form.text.replace('Deuxième paragraphe.', 'Deuxième paragraphe, avec le mot zythophile.').replace(/\n/g, '\r\n');
    const saved = await writer.save('guide.md', { base: form.base, text, message: 'Précise le guide' });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get('location'), '/guide');
    assert.equal(w.log()[0], 'Élise Rédactrice <elise@example.org>|Précise le guide');
    assert.equal(run(w.world.repo, ['show', 'main:guide.md']), form.text.replace('Deuxième paragraphe.', 'Deuxième paragraphe, avec le mot zythophile.'));
    // The maintainer's work tree, which has the branch checked out, follows.
    assert.match(readFileSync(join(w.world.repo, 'guide.md'), 'utf8'), /zythophile/);
    assert.equal(run(w.world.repo, ['status', '--porcelain']), '');
    const page = await w.server.get('/guide');
    assert.match(await page.text(), /zythophile/);
    const search = await w.server.get('/-/search?q=zythophile');
    assert.match(await search.text(), /href="\/guide"/);
    // Saving the same text again commits nothing.
    const again = await writer.open('guide.md');
    const before = w.head();
    assert.equal((await writer.save('guide.md', { base: again.base, text: again.text })).status, 303);
    assert.equal(w.head(), before);
  } finally {
    await w.close();
  }
});

test('the page shows "Modifier" to writers, "Proposer une modification" to contributors, nothing to readers', async () => {
  const w = await editWorld();
  try {
    const button = async (cookie?: string) => (await w.server.page('/guide', cookie)).document.querySelector('.page-edit-button');
    assert.equal(await button(), null);
    assert.equal(await button((await w.person('reader')).cookie), null);
    const proposal = await button((await w.person('contributor')).cookie);
    assert.equal(proposal?.textContent, 'Proposer une modification');
    assert.equal(proposal?.getAttribute('href'), '/-/edit/guide.md');
    assert.equal((await button((await w.person('writer')).cookie))?.textContent, 'Modifier');
    assert.equal((await button((await w.person('maintainer')).cookie))?.textContent, 'Modifier');
  } finally {
    await w.close();
  }
});

test('edits of different lines made meanwhile are merged; each author keeps their commit', async () => {
  const w = await editWorld();
  try {
    const first = await w.person('writer', 'a@example.org', 'Alice');
    const second = await w.person('writer', 'b@example.org', 'Bruno');
    const a = await first.open('guide.md');
    const b = await second.open('guide.md');
    assert.equal((await first.save('guide.md', { base: a.base, text: a.text.replace('Premier paragraphe.', 'Premier paragraphe, par Alice.') })).status, 303);
    assert.equal((await second.save('guide.md', { base: b.base, text: b.text.replace('Troisième paragraphe.', 'Troisième paragraphe, par Bruno.') })).status, 303);
    const text = run(w.world.repo, ['show', 'main:guide.md']);
    assert.match(text, /Premier paragraphe, par Alice\./);
    assert.match(text, /Troisième paragraphe, par Bruno\./);
    assert.deepEqual(w.log().slice(0, 2), ['Bruno <b@example.org>|Modifie Guide', 'Alice <a@example.org>|Modifie Guide']);
  } finally {
    await w.close();
  }
});

test('an edit of the same lines gets a 409: nothing committed, the writer’s text intact, the current version and the conflict beside it', async () => {
  const w = await editWorld();
  try {
    const first = await w.person('writer', 'a@example.org', 'Alice');
    const second = await w.person('writer', 'b@example.org', 'Bruno');
    const a = await first.open('guide.md');
    const b = await second.open('guide.md');
    await first.save('guide.md', { base: a.base, text: a.text.replace('Deuxième paragraphe.', 'Deuxième paragraphe selon Alice.') });
    const head = w.head();
    const mine = b.text.replace('Deuxième paragraphe.', 'Deuxième paragraphe selon Bruno.');
    const answer = await second.save('guide.md', { base: b.base, text: mine, message: 'Version de Bruno' });
    assert.equal(answer.status, 409);
    assert.equal(w.head(), head, 'nothing committed');
    const { parseHTML } = await import('linkedom');
    const { document } = parseHTML(await answer.text());
    assert.equal(textareaValue(document as unknown as Document, '#editor-text'), mine);
    assert.equal(document.querySelector('input[name="base"]')?.getAttribute('value'), head, 'the next save starts from the current version');
    assert.equal(document.querySelector('#editor-message')?.getAttribute('value'), 'Version de Bruno');
    assert.match(textareaValue(document as unknown as Document, '#editor-current'), /selon Alice/);
    const markers = textareaValue(document as unknown as Document, '#editor-markers');
    assert.match(markers, /<<<<<<< votre texte[^\n]*\nDeuxième paragraphe selon Bruno\.\n=======\nDeuxième paragraphe selon Alice\.\n>>>>>>> version actuelle/);
    assert.equal(document.querySelector('[role="alert"] h2')?.textContent, 'La page a changé pendant que vous la modifiiez');
    // Resolved and saved again from the new base: it lands.
    const resolved = mine.replace('selon Bruno', 'selon Alice et Bruno');
    assert.equal((await second.save('guide.md', { base: head, text: resolved })).status, 303);
    assert.match(run(w.world.repo, ['show', 'main:guide.md']), /selon Alice et Bruno/);
  } finally {
    await w.close();
  }
});
