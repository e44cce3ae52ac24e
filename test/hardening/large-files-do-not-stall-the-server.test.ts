/**
 * A large file in the repository must not stall anyone else (issue 19, fault 1): its read goes to a git
 * process of its own, so a small read asked after it is answered first; it is sent as it is read, whole
 * and exact, several at once; the editor does not open a page over the largest page, and the preview of a
 * text that large says why, in the reader's language, as a save would.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { GitRepository } from '../../src/git/repository.js';
import { git, makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { editWorld, type EditWorld } from '../edit/edit-fixture.js';

const LINE = 'Une ligne de texte assez ordinaire pour un grand fichier Markdown.\n';
const textOf = (megabytes: number) => LINE.repeat(Math.ceil((megabytes * 2 ** 20) / LINE.length));
const digest = (bytes: ArrayBuffer | Buffer) => createHash('sha256').update(Buffer.from(bytes as ArrayBuffer)).digest('hex');

const BIG = textOf(20);
const repo = makeRepo({ 'index.md': '# Accueil\n', 'petite.md': '# Petite\n\nTexte.\n', 'docs/grand.md': BIG });
let server: TestServer;

before(async () => {
  server = await startServer({ repo: repo.dir });
});

after(async () => {
  await server.close();
  repo.cleanup();
});

test('a small read asked after a large one is answered first', async () => {
  const repository = await GitRepository.open(repo.dir);
  try {
    const bigId = git(repo.dir, ['rev-parse', 'HEAD:docs/grand.md']).trim();
    const smallId = git(repo.dir, ['rev-parse', 'HEAD:petite.md']).trim();
    await repository.readBlob(smallId); // the shared process is started
    const order: string[] = [];
    const large = repository.readBlob(bigId, Buffer.byteLength(BIG)).then((bytes) => {
      order.push('large');
      return bytes;
    });
    const small = repository.readBlob(smallId).then((bytes) => {
      order.push('small');
      return bytes;
    });
    const [bigBytes, smallBytes] = await Promise.all([large, small]);
    assert.deepEqual(order, ['small', 'large']);
    assert.equal(digest(bigBytes), digest(Buffer.from(BIG)));
    assert.equal(smallBytes.toString('utf8'), '# Petite\n\nTexte.\n');
    // Read through the shared process, whatever its size, the body is still exact.
    assert.equal(digest(await repository.readBlob(bigId)), digest(Buffer.from(BIG)));
    await assert.rejects(repository.readBlob('0'.repeat(40), 2 ** 21), { kind: 'not-found' });
  } finally {
    repository.close();
  }
});

test('a large file is sent whole as it is read, five at once, and a page view is answered meanwhile', async () => {
  const response = await server.get('/-/source/docs/grand.md');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(BIG)));
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  // The large answer is left unread while a page is asked for: the page does not wait for it.
  const page = await server.get('/petite');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Petite/);
  assert.equal(digest(await response.arrayBuffer()), digest(Buffer.from(BIG)));

  const five = await Promise.all([1, 2, 3, 4, 5].map(async () => digest(await (await server.get('/-/raw/docs/grand.md')).arrayBuffer())));
  assert.deepEqual(new Set(five), new Set([digest(Buffer.from(BIG))]));
});

test('a large file answers HEAD with its length and a known ETag with 304', async () => {
  const head = await fetch(new URL('/-/raw/docs/grand.md', server.url), { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(BIG)));
  const etag = head.headers.get('etag');
  assert.ok(etag);
  const again = await server.get('/-/raw/docs/grand.md', { 'if-none-match': etag });
  assert.equal(again.status, 304);
});

test('the editor does not open a page over the largest page, and the preview of such a text says why', async (t) => {
  const world: EditWorld = await editWorld({ 'index.md': '# Accueil\n', 'énorme.md': textOf(6) });
  t.after(() => world.close());
  const writer = await world.person('writer');
  const opened = await world.server.get(`/-/edit/${encodeURIComponent('énorme.md')}`, writer.cookie);
  assert.equal(opened.status, 413);
  assert.match(await opened.text(), /dépasse la taille maximale d’une page \(5 Mio\).*git/);

  const preview = await world.server.post('/-/preview', { _csrf: writer.csrf, path: 'index.md', text: textOf(6) }, writer.cookie);
  assert.equal(preview.status, 413);
  assert.match(await preview.text(), /Le texte dépasse la taille maximale d’une page/);
  const noPath = await world.server.post('/-/preview', { _csrf: writer.csrf, text: 'Bonjour' }, writer.cookie);
  assert.equal(noPath.status, 400);
  assert.notEqual(await noPath.text(), '');
});
