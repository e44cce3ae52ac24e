/**
 * Without JavaScript there is no draft in the browser: when the editor's form is refused before it is
 * read (the session ended meanwhile, the form token is no longer valid, the role was withdrawn), the
 * refusal shows the text that was sent, read-only, with the way to sign in again and come back.
 * Nothing is committed; refusals of other forms are unchanged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { run } from '../review/desk-fixture.js';
import { editWorld, textareaValue } from './edit-fixture.js';

const TEXT = '# Guide\n\nUn long texte tapé pendant une heure, avec <script>alert(1)</script> & des « guillemets ».\n';

function keptPage(html: string) {
  const document = parseHTML(html).document as unknown as Document;
  return {
    text: textareaValue(document, '#editor-kept-text'),
    readonly: document.querySelector('#editor-kept-text')?.hasAttribute('readonly'),
    message: document.querySelector('#editor-kept-message')?.getAttribute('value'),
    why: document.querySelector('[role="alert"] p')?.textContent ?? '',
    links: [...document.querySelectorAll('[role="alert"] a')].map((a) => a.getAttribute('href')),
    scripts: document.querySelectorAll('main script').length,
  };
}

test('a save refused because the session ended shows the text sent, to copy before signing in again', async () => {
  const w = await editWorld();
  try {
    const head = w.head();
    const writer = await w.person('writer');
    const form = await writer.open('guide.md');
    // The session ends while the text is being written (signed out elsewhere, expired).
    assert.equal((await w.server.post('/-/logout', { _csrf: writer.csrf }, writer.cookie)).status, 303);
    const answer = await writer.save('guide.md', { base: form.base, text: TEXT, message: 'Réécrit le guide' });
    assert.equal(answer.status, 403);
    const kept = keptPage(await answer.text());
    assert.equal(kept.text, TEXT, 'the text comes back whole, escaped');
    assert.equal(kept.readonly, true);
    assert.equal(kept.scripts, 0);
    assert.equal(kept.message, 'Réécrit le guide');
    assert.match(kept.why, /rien n’a été enregistré/);
    assert.deepEqual(kept.links, [`/-/login?next=${encodeURIComponent('/-/edit/guide.md')}`, '/-/edit/guide.md']);

    // Signed in but with a form token that is no longer valid: the text, and no need to sign in.
    const other = await w.person('writer', 'autre@example.org');
    const stale = await w.server.post('/-/edit/guide.md', { _csrf: 'ancien-jeton', action: 'save', base: form.base, text: TEXT }, other.cookie);
    assert.equal(stale.status, 403);
    const staleKept = keptPage(await stale.text());
    assert.equal(staleKept.text, TEXT);
    assert.deepEqual(staleKept.links, ['/-/edit/guide.md']);

    // A reader may not propose: told so, with their text.
    const reader = await w.person('reader');
    const refused = await w.server.post('/-/edit/guide.md', { _csrf: reader.csrf, action: 'save', base: form.base, text: TEXT }, reader.cookie);
    assert.equal(refused.status, 403);
    assert.equal(keptPage(await refused.text()).text, TEXT);

    // In English too.
    const english = await fetch(`${w.server.url}-/edit/guide.md`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams({ action: 'save', base: form.base, text: TEXT }).toString(),
    });
    assert.equal(english.status, 403);
    const englishKept = keptPage(await english.text());
    assert.match(englishKept.why, /nothing was saved/);
    assert.equal(englishKept.text, TEXT);

    // Other forms are refused as before, and nothing was committed.
    const comment = await w.server.post('/-/review/1/comment', { _csrf: 'ancien-jeton', text: TEXT }, other.cookie);
    assert.equal(comment.status, 403);
    assert.equal(keptPage(await comment.text()).text, '');
    assert.equal(w.head(), head);
  } finally {
    await w.close();
  }
});

test('a save of a page renamed or deleted meanwhile answers 404 with the text sent, and the way on', async () => {
  const w = await editWorld();
  try {
    const writer = await w.person('writer');
    const form = await writer.open('guide.md');
    // Someone renames the page while the writer is still typing.
    run(w.world.repo, ['mv', 'guide.md', 'docs/guide-renommé.md']);
    run(w.world.repo, ['-c', 'user.name=Autre', '-c', 'user.email=autre@example.org', 'commit', '--quiet', '-m', 'Renomme le guide']);
    const head = w.head();
    const moved = await writer.save('guide.md', { base: form.base, text: TEXT, message: 'Réécrit le guide' });
    assert.equal(moved.status, 404);
    const kept = keptPage(await moved.text());
    assert.equal(kept.text, TEXT, 'the text comes back whole');
    assert.equal(kept.message, 'Réécrit le guide');
    assert.match(kept.why, /supprimée ou renommée/);
    assert.deepEqual(kept.links, [`/-/edit/docs/${encodeURIComponent('guide-renommé')}.md`]);
    assert.equal(w.head(), head, 'nothing was committed');

    // Deleted: a writer is offered to create it again; a contributor keeps the text, with nowhere to go.
    const contributor = await w.person('contributor');
    const outils = await contributor.open('docs/outils.md');
    run(w.world.repo, ['rm', '--quiet', 'docs/outils.md']);
    run(w.world.repo, ['-c', 'user.name=Autre', '-c', 'user.email=autre@example.org', 'commit', '--quiet', '-m', 'Supprime les outils']);
    const gone = await contributor.save('docs/outils.md', { base: outils.base, text: TEXT });
    assert.equal(gone.status, 404);
    const keptGone = keptPage(await gone.text());
    assert.equal(keptGone.text, TEXT);
    assert.deepEqual(keptGone.links, []);
    const byWriter = keptPage(await (await writer.save('docs/outils.md', { base: outils.base, text: TEXT })).text());
    assert.deepEqual(byWriter.links, ['/-/new?folder=docs&name=outils&title=outils']);
    // A page that never was is still a plain 404.
    assert.equal((await writer.save('jamais.md', { base: outils.base })).status, 404);
  } finally {
    await w.close();
  }
});
