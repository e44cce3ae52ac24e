/**
 * A state-changing request larger than its route accepts is answered 413 before anything reads it (the
 * CSRF check reads every form): an upload over `edit.max_upload_bytes`, an editor text far over the
 * largest page, any other form over a megabyte. The answer says why in the reader's language, comes
 * while the body is still being sent (so it was not held whole in memory), and nothing is committed.
 * A text just over the page limit still reaches the editor, which gives it back with its refusal.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { setUploadLimit } from '../../src/server/routes/file-ops.js';
import { editWorld, textareaValue } from './edit-fixture.js';

interface Answer {
  readonly status: number;
  readonly body: string;
  /** Bytes of the body written when the answer came. */
  readonly sent: number;
}

/**
 * Posts `total` bytes of `chunk` repeated, announced (content-length) or chunked, and stops writing once
 * the server answers: a server that reads the whole body first would answer only after all was sent.
 */
function post(url: string, path: string, headers: Record<string, string>, chunk: Buffer, total: number, announced: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(new URL(path, url), { method: 'POST', headers: { ...headers, ...(announced ? { 'content-length': String(total) } : {}) } }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), sent }));
      res.on('error', reject);
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const message = (body: string) => parseHTML(body).document.querySelector('main p')?.textContent ?? '';

test('bodies over their route’s limit are refused unread with a 413 that says why; nothing is committed', async () => {
  const w = await editWorld();
  try {
    const writer = await w.person('writer');
    const head = w.head();
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: writer.cookie, 'accept-language': 'fr' };
    const chunk = Buffer.alloc(64 * 1024, 'a');

    // Any form: a megabyte at most, announced or not.
    for (const announced of [true, false]) {
      const answer = await post(w.server.url, '/-/login', form, chunk, 64 * 2 ** 20, announced);
      assert.equal(answer.status, 413);
      assert.match(message(answer.body), /Ce formulaire envoie plus de 1 Mio/);
      assert.ok(answer.sent < 64 * 2 ** 20, 'answered before the body was all sent');
    }
    const english = await post(w.server.url, '/-/review/1/comment', { ...form, 'accept-language': 'en' }, chunk, 8 * 2 ** 20, true);
    assert.equal(english.status, 413);
    assert.match(message(english.body), /This form sends more than 1 MiB/);

    // Uploads: the deployment's limit.
    setUploadLimit(w.world.opened.wiki, 100 * 1024);
    const upload = await post(w.server.url, '/-/upload', { ...form, 'content-type': 'multipart/form-data; boundary=x' }, chunk, 4 * 2 ** 20, false);
    assert.equal(upload.status, 413);
    assert.match(message(upload.body), /taille maximale d’un dépôt \(100 Kio\)/);

    // The editor: far over the largest page, refused unread; just over it, the editor gives the text back.
    const maxPage = w.world.opened.wiki.options.maxPageBytes;
    const far = await post(w.server.url, '/-/edit/guide.md', form, chunk, 4 * maxPage, true);
    assert.equal(far.status, 413);
    assert.match(message(far.body), /Ce texte dépasse de loin la taille maximale d’une page/);
    const opened = await writer.open('guide.md');
    const text = `${opened.text}${'b'.repeat(maxPage)}`;
    const near = await writer.save('guide.md', { base: opened.base, text });
    assert.equal(near.status, 413);
    assert.equal(textareaValue(parseHTML(await near.text()).document as unknown as Document, '#editor-text'), text, 'the text comes back');

    assert.equal(w.head(), head, 'nothing committed');
    // A form of ordinary size still goes through.
    const saved = await writer.save('guide.md', { base: opened.base, text: `${opened.text}Ajout.\n` });
    assert.equal(saved.status, 303);
  } finally {
    await w.close();
  }
});
