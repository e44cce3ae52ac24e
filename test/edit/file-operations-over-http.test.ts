// The writer's file operations through the live server, over real HTTP, as a browser without JavaScript:
// each one is exactly one commit on the published branch with the writer as author and the right tree;
// contributors, readers and forms without their CSRF token are refused; hostile names are refused with
// the form filled in again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import type { Role } from '../../src/auth/roles.js';
import { setUploadLimit } from '../../src/server/routes/file-ops.js';
import { git, makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { WebClient, type WebPage } from '../helpers/web-client.js';

const PASSWORD = 'correct horse battery staple';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

interface Wiki {
  server: TestServer;
  dir: string;
  head(): string;
  count(): number;
  tree(): string[];
  show(path: string): string;
}

async function wiki(t: { after: (fn: () => Promise<void>) => void }): Promise<Wiki> {
  const repo = makeRepo({
    'index.md': '---\ntitle: Accueil\n---\n\nVoir [le guide](guide/écrire.md#titres) et [[Pas une page]].\n\n```\n[code](guide/écrire.md)\n```\n\nEt [une page à créer](guide/à-créer.md).\n',
    'guide/écrire.md': '---\ntitle: Écrire\n---\n\n[Accueil](../index.md)\n\n## Titres\n',
    'guide/autre.md': '# Autre\n\n`[pas un lien](écrire.md)` mais [un lien](écrire.md).\n',
  });
  const server = await startServer({ repo: repo.dir }, {});
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  for (const role of ['writer', 'contributor', 'reader'] as Role[]) {
    await createAccount(server.services!.auth, OPERATOR, { email: `${role}@example.org`, role, password: PASSWORD, displayName: `Camille ${role}` });
  }
  const run = (args: string[]) => git(repo.dir, args).trim();
  return {
    server,
    dir: repo.dir,
    head: () => run(['rev-parse', 'main']),
    count: () => Number(run(['rev-list', '--count', 'main'])),
    tree: () => run(['-c', 'core.quotePath=false', 'ls-tree', '-r', '--name-only', 'main']).split('\n'),
    show: (path: string) => run(['show', `main:${path}`]),
  };
}

async function signIn(server: TestServer, role: Role): Promise<WebClient> {
  const client = new WebClient(server.url);
  const response = await client.submit(await client.open('/-/login'), '/-/login', { email: `${role}@example.org`, password: PASSWORD });
  assert.equal(response.status, 303, `signing in as ${role}`);
  return client;
}

function lastCommit(w: Wiki): { author: string; subject: string } {
  const [author = '', subject = ''] = git(w.dir, ['log', '-1', '--format=%an <%ae>%n%s', 'main']).trim().split('\n');
  return { author, subject };
}

function errorOf(page: WebPage): string {
  return page.document.querySelector('.form-error')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('file operations', () => {
  test('create: one commit by the writer, file name from the title, accents kept; collisions refused and the form kept', async (t) => {
    const w = await wiki(t);
    const client = await signIn(w.server, 'writer');
    const before = w.count();
    const form = await client.open('/-/new?folder=guide&title=Références%20%26%20liens');
    assert.equal(form.status, 200);
    assert.equal(form.document.querySelector<HTMLInputElement>('#new-page-title')?.getAttribute('value'), 'Références & liens');
    const created = await client.submit(form, '/-/new', { title: 'Références & liens', folder: 'guide', name: '' });
    assert.equal(created.status, 303);
    assert.equal(w.count(), before + 1);
    assert.deepEqual(lastCommit(w), { author: 'Camille writer <writer@example.org>', subject: 'Nouvelle page : Références & liens' });
    assert.ok(w.tree().includes('guide/références-liens.md'), w.tree().join(', '));
    assert.equal(w.show('guide/références-liens.md'), '---\ntitle: Références & liens\n---');
    const location = created.headers.get('location') ?? '';
    assert.match(decodeURIComponent(location), /références-liens/);

    // The same title again, or a name that differs only by case or normalisation: refused, form kept.
    for (const fields of [
      { title: 'Références & liens', folder: 'guide', name: '' },
      { title: 'Autre titre', folder: 'guide', name: 'RÉFÉRENCES-LIENS.md' },
      { title: 'Autre titre', folder: 'guide', name: 're\u0301fe\u0301rences-liens' },
    ]) {
      const again = await client.submitAndOpen(await client.open('/-/new'), '/-/new', fields);
      assert.equal(again.status, 400, JSON.stringify(fields));
      assert.match(errorOf(again), /existe déjà/);
      assert.equal(again.document.querySelector('#new-page-title')?.getAttribute('value'), fields.title);
    }
    assert.equal(w.count(), before + 1);
  });

  test('hostile names are refused, nothing is committed', async (t) => {
    const w = await wiki(t);
    const client = await signIn(w.server, 'writer');
    const before = w.head();
    const hostile = [
      { title: 'x', folder: '../outside', name: '' },
      { title: 'x', folder: '.git', name: '' },
      { title: 'x', folder: 'guide/.git/hooks', name: '' },
      { title: 'x', folder: 'a\0b', name: '' },
      { title: 'x', folder: '', name: 'a\\b.md' },
      { title: 'x', folder: '', name: '../x.md' },
      { title: 'x', folder: '-', name: '' },
      { title: 'x', folder: '', name: `${'é'.repeat(300)}.md` },
      { title: 'x'.repeat(400), folder: '', name: '' },
      { title: '!!! ???', folder: '', name: '' },
      { title: 'x', folder: 'a/'.repeat(600), name: '' },
    ];
    for (const fields of hostile) {
      const page = await client.submitAndOpen(await client.open('/-/new'), '/-/new', fields);
      assert.equal(page.status, 400, JSON.stringify(fields).slice(0, 80));
      assert.notEqual(errorOf(page), '');
    }
    assert.equal(w.head(), before);
    // Rename to a hostile path: refused too.
    for (const to of ['../x.md', '.git/config', 'guide/../../x.md', 'a\0.md']) {
      const page = await client.submitAndOpen(await client.open('/-/rename/guide/autre.md'), '/-/rename/guide/autre.md', { to });
      assert.equal(page.status, 400, to);
    }
    assert.equal(w.head(), before);
    // Paths in the URL that leave the wiki answer 404.
    for (const path of ['/-/rename/..%2Findex.md', '/-/delete/.git/config', '/-/rename/%2e%2e/index.md']) assert.equal((await client.fetch(path)).status, 404, path);
  });

  test('rename with link update: one commit, links in other pages rewritten, code left alone', async (t) => {
    const w = await wiki(t);
    const client = await signIn(w.server, 'writer');
    const before = w.count();
    const form = await client.open('/-/rename/guide/écrire.md');
    assert.equal(form.status, 200);
    const listed = [...form.document.querySelectorAll('.file-op-backlinks li code')].map((c) => c.textContent);
    assert.deepEqual(listed.sort(), ['guide/autre.md', 'index.md']);
    assert.equal(form.document.querySelector('#rename-update-links')?.hasAttribute('checked'), true);
    const response = await client.submit(form, '/-/rename/guide/%C3%A9crire.md', { to: 'rédaction/écrire-une-page', updateLinks: '1' });
    assert.equal(response.status, 303);
    assert.equal(w.count(), before + 1);
    assert.equal(lastCommit(w).author, 'Camille writer <writer@example.org>');
    const tree = w.tree();
    assert.ok(tree.includes('rédaction/écrire-une-page.md') && !tree.includes('guide/écrire.md'), tree.join(', '));
    assert.match(w.show('index.md'), /\[le guide\]\(rédaction\/écrire-une-page\.md#titres\)/);
    assert.match(w.show('index.md'), /```\n\[code\]\(guide\/écrire\.md\)\n```/);
    assert.equal(w.show('guide/autre.md'), '# Autre\n\n`[pas un lien](écrire.md)` mais [un lien](../rédaction/écrire-une-page.md).');
    assert.match(w.show('rédaction/écrire-une-page.md'), /\[Accueil\]\(\.\.\/index\.md\)/);
    // The published wiki shows it at once.
    const moved = await client.open('/r%C3%A9daction/%C3%A9crire-une-page');
    assert.equal(moved.status, 200);
  });

  test('rename without link update leaves the other pages as they were', async (t) => {
    const w = await wiki(t);
    const client = await signIn(w.server, 'writer');
    const form = await client.open('/-/rename/guide/écrire.md');
    const response = await client.submit(form, '/-/rename/guide/%C3%A9crire.md', { to: 'guide/rédiger.md', updateLinks: '0' });
    assert.equal(response.status, 303);
    assert.match(w.show('index.md'), /\(guide\/écrire\.md#titres\)/);
  });

  test('delete: the confirmation lists the pages linking to it; one commit removes the file', async (t) => {
    const w = await wiki(t);
    const client = await signIn(w.server, 'writer');
    const before = w.count();
    const form = await client.open('/-/delete/guide/écrire.md');
    assert.equal(form.status, 200);
    assert.deepEqual([...form.document.querySelectorAll('.file-op-backlinks li code')].map((c) => c.textContent).sort(), ['guide/autre.md', 'index.md']);
    const response = await client.submit(form, '/-/delete/guide/%C3%A9crire.md');
    assert.equal(response.status, 303);
    assert.equal(w.count(), before + 1);
    assert.equal(lastCommit(w).subject, 'Supprime guide/écrire.md');
    assert.ok(!w.tree().includes('guide/écrire.md'));
    assert.equal((await client.fetch('/guide/%C3%A9crire')).status, 404);
  });

  test('upload: a real image is committed; a fake PDF, a file over the limit and a script in an SVG are refused', async (t) => {
    const w = await wiki(t);
    const client = await signIn(w.server, 'writer');
    const form = await client.open('/-/upload?folder=guide');
    const token = form.document.querySelector('input[name=_csrf]')?.getAttribute('value') ?? '';
    const upload = async (name: string, content: Buffer, extra: Record<string, string> = {}) => {
      const body = new FormData();
      body.set('_csrf', token);
      body.set('folder', 'guide');
      for (const [k, v] of Object.entries(extra)) body.set(k, v);
      body.set('file', new Blob([new Uint8Array(content)]), name);
      const response = await client.fetch('/-/upload', { method: 'POST', body });
      return { response, page: WebClient.parse(response, response.status === 303 ? '' : await response.text()) };
    };
    const before = w.count();
    const ok = await upload('Mon image.png', PNG);
    assert.equal(ok.response.status, 303);
    assert.equal(w.count(), before + 1);
    assert.ok(w.tree().includes('guide/Mon-image.png'));
    assert.equal(lastCommit(w).author, 'Camille writer <writer@example.org>');
    const done = await client.open(ok.response.headers.get('location') ?? '');
    assert.match(done.text, /\[Mon-image\.png\]\(Mon-image\.png\)/);

    const fake = await upload('rapport.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    assert.equal(fake.response.status, 400);
    assert.match(errorOf(fake.page), /n’est pas celui d’un fichier PDF/);
    assert.equal(fake.page.document.querySelector('#upload-folder')?.getAttribute('value'), 'guide');
    const svg = await upload('logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    assert.equal(svg.response.status, 400);
    const again = await upload('Mon image.png', PNG);
    assert.equal(again.response.status, 400, 'an existing name needs Replace');
    setUploadLimit(w.server.wiki, 1000);
    const big = await upload('gros.png', Buffer.concat([PNG, Buffer.alloc(5000)]));
    assert.equal(big.response.status, 413);
    assert.match(errorOf(big.page), /limite/);
    assert.equal(w.count(), before + 1);
  });

  test('restore: an older version becomes a new commit; the history offers it to writers only', async (t) => {
    const w = await wiki(t);
    const first = w.head();
    const writer = await signIn(w.server, 'writer');
    // A second version of the home page, made through the server: a rename updates its link.
    const form = await writer.open('/-/rename/guide/écrire.md');
    await writer.submit(form, '/-/rename/guide/%C3%A9crire.md', { to: 'guide/rédiger.md', updateLinks: '1' });
    assert.notEqual(w.show('index.md'), git(w.dir, ['show', `${first}:index.md`]).trim());
    const history = await writer.open('/-/history/index.md');
    const restoreLinks = [...history.document.querySelectorAll('a.restore-version')].map((a) => a.getAttribute('href'));
    assert.ok(restoreLinks.includes(`/-/restore/${first}/index.md`), restoreLinks.join(', '));
    const reader = new WebClient(w.server.url);
    assert.equal((await reader.open('/-/history/index.md')).document.querySelectorAll('a.restore-version').length, 0);
    const before = w.count();
    const restore = await writer.open(`/-/restore/${first}/index.md`);
    assert.equal(restore.status, 200);
    const response = await writer.submit(restore, `/-/restore/${first}/index.md`);
    assert.equal(response.status, 303);
    assert.equal(w.count(), before + 1);
    assert.equal(w.show('index.md'), git(w.dir, ['show', `${first}:index.md`]).trim());
    assert.match(lastCommit(w).subject, /^Restaure index\.md/);
  });

  test('contributors, readers and anonymous visitors are refused; a form without its CSRF token is refused', async (t) => {
    const w = await wiki(t);
    const before = w.head();
    for (const role of ['contributor', 'reader'] as Role[]) {
      const client = await signIn(w.server, role);
      for (const path of ['/-/new', '/-/upload', '/-/rename/index.md', '/-/delete/index.md']) assert.equal((await client.fetch(path)).status, 403, `${role} ${path}`);
      const token = (await client.open('/-/account')).document.querySelector('input[name=_csrf]')?.getAttribute('value') ?? '';
      const posted = await client.fetch('/-/delete/index.md', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(token)}` });
      assert.equal(posted.status, 403, role);
    }
    const anonymous = new WebClient(w.server.url);
    assert.notEqual((await anonymous.fetch('/-/new')).status, 200);
    const writer = await signIn(w.server, 'writer');
    const forged = await writer.fetch('/-/delete/index.md', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'message=x' });
    assert.equal(forged.status, 403);
    assert.equal(w.head(), before);
  });

  test('red links: writers are led to the create form, filled in; readers get the plain red link', async (t) => {
    const w = await wiki(t);
    const reader = new WebClient(w.server.url);
    const asReader = await reader.open('/');
    const readerLink = asReader.document.querySelector('a.broken-link');
    assert.equal(decodeURIComponent(readerLink?.getAttribute('href') ?? ''), 'guide/à-créer.md');
    assert.match(readerLink?.getAttribute('title') ?? '', /n’existe pas/);
    const writer = await signIn(w.server, 'writer');
    const asWriter = await writer.open('/');
    const link = asWriter.document.querySelector('a.broken-link.create-page');
    const href = link?.getAttribute('href') ?? '';
    assert.match(href, /^\/-\/new\?/);
    const query = new URL(href, w.server.url).searchParams;
    assert.deepEqual([query.get('folder'), query.get('name'), query.get('title')], ['guide', 'à-créer.md', 'À créer']);
    // The reader's page, cached, still has no create link, nor file buttons; the writer's has them.
    const again = await reader.open('/');
    assert.equal(again.document.querySelectorAll('a.create-page, .file-actions').length, 0);
    assert.deepEqual(
      [...asWriter.document.querySelectorAll('.file-actions a')].map((a) => a.getAttribute('href')),
      ['/-/new', '/-/upload', '/-/rename/index.md', '/-/delete/index.md'],
    );
  });
});
