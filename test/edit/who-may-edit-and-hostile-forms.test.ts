/**
 * Who may open and send the editor, and forms a person or a script could send to hurt: no CSRF token,
 * a text over the page size limit, bytes that are not UTF-8, paths that climb out of the wiki, a form
 * without the revision it started from. None commits anything it should not; the text comes back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { run } from '../review/desk-fixture.js';
import { editWorld, textareaValue } from './edit-fixture.js';

test('readers and visitors cannot edit; the sign-in page is offered to visitors', async () => {
  const w = await editWorld();
  try {
    const head = w.head();
    const visitor = await w.server.get('/-/edit/guide.md');
    assert.equal(visitor.status, 303);
    assert.match(visitor.headers.get('location') ?? '', /^\/-\/login\?next=%2F-%2Fedit%2Fguide\.md$/);
    const reader = await w.person('reader');
    assert.equal((await w.server.get('/-/edit/guide.md', reader.cookie)).status, 403);
    assert.equal((await reader.save('guide.md', { base: head, text: 'Vandalisme\n' })).status, 403);
    assert.equal((await w.server.post('/-/preview', { _csrf: reader.csrf, text: '# x', path: 'guide.md' }, reader.cookie)).status, 403);
    assert.equal(w.head(), head);
  } finally {
    await w.close();
  }
});

test('a form without its CSRF token is refused and commits nothing', async () => {
  const w = await editWorld();
  try {
    const writer = await w.person('writer');
    const form = await writer.open('guide.md');
    const head = w.head();
    const forged = await w.server.post('/-/edit/guide.md', { base: form.base, text: 'Forgé\n', action: 'save' }, writer.cookie);
    assert.equal(forged.status, 403);
    const wrong = await w.server.post('/-/edit/guide.md', { _csrf: 'x'.repeat(40), base: form.base, text: 'Forgé\n', action: 'save' }, writer.cookie);
    assert.equal(wrong.status, 403);
    assert.equal(w.head(), head);
  } finally {
    await w.close();
  }
});

test('the preview is the page’s renderer: links resolved against the wiki, raw HTML sanitised', async () => {
  const w = await editWorld();
  try {
    const writer = await w.person('writer');
    const answer = await w.server.post('/-/preview', { _csrf: writer.csrf, path: 'guide.md', text: '## Titre\n\n[outils](docs/outils.md) [absent](nulle-part.md)\n\n<script>alert(1)</script><img src=x onerror=alert(1)>' }, writer.cookie);
    assert.equal(answer.status, 200);
    const html = await answer.text();
    // Headings shift under the page title, as on the published page.
    assert.match(html, /<h3 id="titre"/);
    assert.match(html, /href="\/docs\/outils"/);
    assert.match(html, /nulle-part/);
    assert.doesNotMatch(html, /<script|onerror/);
    assert.equal((await w.server.post('/-/preview', { _csrf: writer.csrf, path: '../x.md', text: 'x' }, writer.cookie)).status, 400);
  } finally {
    await w.close();
  }
});

test('hostile forms: a huge text, bytes that are not UTF-8, no base, paths out of the wiki', async () => {
  const w = await editWorld();
  try {
    const writer = await w.person('writer');
    const form = await writer.open('guide.md');
    const head = w.head();

    const huge = `${form.text}${'x'.repeat(5 * 1024 * 1024 + 10)}`;
    const tooLarge = await writer.save('guide.md', { base: form.base, text: huge });
    assert.equal(tooLarge.status, 413);
    const { document } = parseHTML(await tooLarge.text());
    assert.match(document.querySelector('[role="alert"]')?.textContent ?? '', /taille maximale/);
    assert.equal(textareaValue(document as unknown as Document, '#editor-text').length, huge.length, 'the text comes back');

    const noBase = await writer.save('guide.md', { text: 'Sans base\n' });
    assert.equal(noBase.status, 400);
    assert.match(await noBase.text(), /Sans base/);
    const unknownBase = await writer.save('guide.md', { base: 'f'.repeat(40), text: 'Base inconnue\n' });
    assert.equal(unknownBase.status, 400);
    const optionBase = await writer.save('guide.md', { base: '--all', text: 'Option\n' });
    assert.equal(optionBase.status, 400);
    assert.equal(w.head(), head);

    // Percent-encoded bytes that are not UTF-8: stored as valid UTF-8 (replacement characters), never a server error.
    const invalid = await fetch(`${w.server.url}-/edit/guide.md`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: writer.cookie },
      body: `_csrf=${encodeURIComponent(writer.csrf)}&action=save&base=${form.base}&text=%FF%FE%C3%28ok%0A`,
    });
    assert.ok(invalid.status < 500, `status ${invalid.status}`);
    const stored = Buffer.from(run(w.world.repo, ['show', 'main:guide.md']), 'utf8');
    assert.equal(Buffer.from(stored.toString('utf8'), 'utf8').equals(stored), true);

    for (const path of ['../etc/passwd', '%2e%2e/secret.md', '.git/config', 'docs/%2F..%2F..%2Fx.md', 'guide.md%00.md', 'absent.md', 'docs/']) {
      const opened = await w.server.get(`/-/edit/${path}`, writer.cookie);
      assert.ok([400, 404].includes(opened.status), `${path}: ${opened.status}`);
      const sent = await writer.save(path, { base: form.base, text: 'x\n' });
      assert.ok([400, 404].includes(sent.status), `${path}: ${sent.status}`);
    }
    assert.equal(run(w.world.repo, ['status', '--porcelain']), '');
    run(w.world.repo, ['fsck', '--no-progress']);
  } finally {
    await w.close();
  }
});
