import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let repo: ReturnType<typeof makeRepo>;
let server: TestServer;

before(async () => {
  repo = makeRepo({
    'index.md': '---\ntitle: Accueil du wiki\n---\n# Présentation\n\nVoir [la page](dossier/page.md), [le PDF](docs/guide.pdf), [une ancre](dossier/page.md#section-deux), [absente](nulle-part.md), [ancre absente](dossier/page.md#nope), [un dossier](dossier/index.md) et [ailleurs](https://example.org).\n',
    'dossier/index.md': '# Le dossier\n',
    'dossier/page.md': '---\ntitle: Une page\ndescription: Résumé de la page\n---\n# Section un\n\n# Section deux\n',
    'archives/engagements-ministérielles.md': '# Engagements\n',
    'fiches/lemonldap::ng.md': '# LemonLDAP\n',
    'fiches/Un nom (avec) ; des & signes.md': '# Signes\n',
    'sans-index/a.md': '# A\n',
    'sans-index/notes.txt': 'notes\n',
    'docs/guide.pdf': PDF,
    'command.md': '# Commande\n',
    'binaire.md': Buffer.from([0, 1, 2, 3, 0]),
  });
  server = await startServer({ repo: repo.dir });
});

after(async () => {
  await server.close();
  repo.cleanup();
});

test('the home page has one h1 with the title, headings shifted and links rewritten to page URLs', async () => {
  const { response, document } = await server.page('/');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(document.querySelectorAll('h1').length, 1);
  assert.equal(document.querySelector('h1')?.textContent, 'Accueil du wiki');
  assert.equal(document.querySelector('main h2')?.id, 'présentation');
  const href = (text: string) => [...document.querySelectorAll('main a')].find((a) => a.textContent === text);
  assert.equal(href('la page')?.getAttribute('href'), '/dossier/page');
  assert.equal(href('le PDF')?.getAttribute('href'), '/docs/guide.pdf');
  assert.equal(href('une ancre')?.getAttribute('href'), '/dossier/page#section-deux');
  assert.equal(href('un dossier')?.getAttribute('href'), '/dossier/');
  assert.equal(href('ailleurs')?.getAttribute('rel'), 'noopener');
  for (const text of ['absente', 'ancre absente']) {
    assert.equal(href(text)?.getAttribute('class'), 'broken-link', text);
    assert.match(href(text)?.getAttribute('title') ?? '', /cass/);
  }
});

test('a page shows breadcrumbs, its folder in the side navigation, its source and last change', async () => {
  const { document } = await server.page('/dossier/page');
  assert.equal(document.querySelector('meta[name=description]')?.getAttribute('content'), 'Résumé de la page');
  const crumbs = [...document.querySelectorAll('.breadcrumbs a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(crumbs, ['/', '/dossier/']);
  const current = document.querySelector('.side-nav a[aria-current=page]');
  assert.equal(current?.textContent, 'Une page');
  assert.ok(document.querySelector('a[href="/-/source/dossier/page.md"]'));
  assert.match(document.querySelector('.page-meta')?.textContent ?? '', /Camille Test/);
  assert.ok(document.querySelector('.page-meta time[datetime]'));
});

test('the TOC lists the headings with the same ids', async () => {
  const { document } = await server.page('/dossier/page');
  const links = [...document.querySelectorAll('.toc a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(links, ['#section-un', '#section-deux']);
  assert.ok(document.getElementById('section-deux'));
});

test('default titles come from the file name, whole, with a capital', async () => {
  const { document } = await server.page('/command');
  assert.equal(document.querySelector('h1')?.textContent, 'Command');
});

test('.md URLs and folder URLs without a slash answer 301 to the canonical URL', async () => {
  const cases: [string, string][] = [
    ['/dossier/page.md', '/dossier/page'],
    ['/dossier/index.md', '/dossier/'],
    ['/dossier', '/dossier/'],
    ['/index.md', '/'],
  ];
  for (const [from, to] of cases) {
    const response = await server.get(from);
    assert.equal(response.status, 301, from);
    assert.equal(response.headers.get('location'), to, from);
  }
});

test('accented names are found whether the browser sends NFC or NFD', async () => {
  const nfc = encodeURI('/archives/engagements-ministérielles'.normalize('NFC'));
  const nfd = encodeURI('/archives/engagements-ministérielles'.normalize('NFD'));
  assert.notEqual(nfc, nfd);
  for (const path of [nfc, nfd]) assert.equal((await server.get(path)).status, 200, path);
});

test('names with colons, spaces, parentheses, semicolons, quotes and ampersands work', async () => {
  assert.equal((await server.get('/fiches/lemonldap%3A%3Ang')).status, 200);
  assert.equal((await server.get('/fiches/lemonldap::ng')).status, 200);
  const { document } = await server.page('/fiches/');
  const link = [...document.querySelectorAll('.folder-listing a')].find((a) => a.textContent === 'Un nom (avec) ; des & signes');
  assert.ok(link);
  assert.equal((await server.get(link.getAttribute('href') ?? '')).status, 200);
});

test('a folder without index gets a generated listing', async () => {
  const { response, document } = await server.page('/sans-index/');
  assert.equal(response.status, 200);
  const hrefs = [...document.querySelectorAll('.folder-listing a')].map((a) => a.getAttribute('href'));
  assert.deepEqual(hrefs, ['/sans-index/a', '/sans-index/notes.txt']);
});

test('attachments are served with their content type and the blob id as ETag; 304 on revalidation', async () => {
  const response = await server.get('/docs/guide.pdf');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), PDF);
  const etag = response.headers.get('etag') ?? '';
  assert.match(etag, /^"[0-9a-f]{40}"$/);
  assert.equal((await server.get('/docs/guide.pdf', { 'if-none-match': etag })).status, 304);
  const text = await server.get('/sans-index/notes.txt');
  assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
});

test('pages revalidate with 304 and are compressed for clients that accept gzip', async () => {
  const first = await fetch(`${server.url}dossier/page`, { headers: { 'accept-encoding': 'identity' } });
  const etag = first.headers.get('etag') ?? '';
  assert.ok(etag);
  assert.equal((await server.get('/dossier/page', { 'if-none-match': etag })).status, 304);
  const raw = await import('node:http').then(
    (http) =>
      new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        http.get(`${server.url}dossier/page`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      }),
  );
  assert.equal(raw.encoding, 'gzip');
  assert.match(gunzipSync(raw.body).toString('utf8'), /Une page/);
});

test('traversal, .git and malformed paths answer 404 and read nothing outside the wiki', async () => {
  for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/.git/config', '/.git/HEAD', '/dossier/%2e%2e/%2e%2e/x', '/%E0%A4%A', '/a%00b', '/-/source/..%2f.git%2fconfig', '/-/repo/.git/config']) {
    const response = await server.get(path);
    assert.equal(response.status, 404, path);
    assert.doesNotMatch(await response.text(), /\[core\]|repositoryformatversion/);
  }
});

test('the 404 page is in the wiki style and suggests close pages', async () => {
  const { response, document } = await server.page('/dossier/pag');
  assert.equal(response.status, 404);
  assert.ok(document.querySelector('link[rel=stylesheet]'));
  const suggestions = [...document.querySelectorAll('main li a')].map((a) => a.getAttribute('href'));
  assert.ok(suggestions.includes('/dossier/page'), suggestions.join(' '));
});

test('a binary file named .md is shown as a notice, not rendered', async () => {
  const { response, document } = await server.page('/binaire');
  assert.equal(response.status, 200);
  assert.ok(document.querySelector('.warning-box'));
});

test('a new commit is visible on the next request, without restart', async () => {
  repo.commit('Nouvelle page', { 'nouvelle.md': '# Toute neuve\n' });
  const { response, document } = await server.page('/nouvelle');
  assert.equal(response.status, 200);
  assert.equal(document.querySelector('main h2')?.textContent?.replace(/\s*#$/, ''), 'Toute neuve');
});

test('the interface speaks the reader language', async () => {
  const fr = await server.page('/', { 'accept-language': 'fr-FR,fr;q=0.9' });
  const en = await server.page('/', { 'accept-language': 'en-GB,en;q=0.9' });
  assert.equal(fr.document.querySelector('.skip-links a')?.textContent, 'Aller au contenu');
  assert.equal(en.document.querySelector('.skip-links a')?.textContent, 'Skip to content');
  assert.equal(en.document.documentElement.getAttribute('lang'), 'en');
});

test('every link of the page frame answers: legal pages, accessibility statement, assets', async () => {
  const { document } = await server.page('/dossier/page');
  const frame = [...document.querySelectorAll('header a, footer a, .breadcrumbs a, link[rel=stylesheet], script[src]')]
    .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '')
    .filter((href) => href.startsWith('/') && !href.endsWith('.atom'));
  assert.ok(frame.includes('/-/accessibilite'));
  for (const href of frame) assert.equal((await server.get(href)).status, 200, href);
  const statement = await server.page('/-/accessibilite');
  assert.match(statement.document.querySelector('main')?.textContent ?? '', /non conforme/);
  assert.match(statement.document.querySelector('main')?.textContent ?? '', /Défenseur des droits/);
});
