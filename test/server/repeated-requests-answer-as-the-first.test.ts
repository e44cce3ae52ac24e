// Repeated page requests are answered from the response cache before the session, CSRF and route
// middlewares run (server/middleware/cached-pages.ts): the answer must be the one the routes give.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { startSession } from '../../src/auth/sessions.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\nUID:1@test\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20300101T100000Z\r\nSUMMARY:Réunion\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const BROWSER = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': 'fr' };

let repo: ReturnType<typeof makeRepo>;
let server: TestServer;

before(async () => {
  repo = makeRepo({ 'index.md': '---\ntitle: Accueil\n---\n\nBienvenue.\n', 'page.md': '# Une page\n\nDu texte.\n', 'agenda/reunion.ics': ICS });
  server = await startServer({ repo: repo.dir }, {});
});

after(async () => {
  await server.close();
  repo.cleanup();
});

/** Status, the headers a client acts on, and the body. */
async function answer(path: string, headers: Record<string, string> = BROWSER) {
  const response = await server.get(path, headers);
  const kept = ['content-type', 'etag', 'cache-control', 'vary', 'content-encoding', 'content-security-policy', 'set-cookie', 'location'];
  return { status: response.status, headers: Object.fromEntries(kept.map((name) => [name, response.headers.get(name)])), body: await response.text() };
}

test('an anonymous reader gets the same answer the first time and the next ones, 304 and gzip included', async () => {
  for (const path of ['/', '/page', '/absente', '/page.md']) {
    const first = await answer(path);
    assert.deepEqual(await answer(path), first, path);
    assert.deepEqual(await answer(path), first, path);
  }
  const { headers } = await answer('/page');
  assert.equal((await server.get('/page', { ...BROWSER, 'if-none-match': headers.etag ?? '' })).status, 304);
  assert.equal((await answer('/page', { ...BROWSER, 'accept-encoding': 'gzip' })).headers['content-encoding'], 'gzip');
  const english = await answer('/page', { ...BROWSER, 'accept-language': 'en' });
  assert.equal(english.body, (await answer('/page', { ...BROWSER, 'accept-language': 'en' })).body);
  assert.notEqual(english.body, (await answer('/page')).body);
});

test('a signed-in reader never gets the anonymous answer, and an expired session cookie is still cleared', async () => {
  const anonymous = await answer('/page');
  const user = await createAccount(server.services!.auth, OPERATOR, { email: 'ecrit@example.org', role: 'writer', password: 'a long enough password' });
  const { token } = await startSession(server.services!.auth, user.id, null);
  const signedIn = await answer('/page', { ...BROWSER, cookie: `${SESSION_COOKIE}=${token}` });
  assert.notEqual(signedIn.body, anonymous.body);
  assert.equal(signedIn.headers['cache-control'], 'private, no-cache');
  assert.notEqual(signedIn.headers.etag, anonymous.headers.etag);
  const stale = await answer('/page', { ...BROWSER, cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` });
  assert.match(stale.headers['set-cookie'] ?? '', new RegExp(`^${SESSION_COOKIE}=;`));
  assert.equal(stale.body, anonymous.body);
});

test('a calendar is a page for browsers and the file for calendar applications, whichever was asked first', async () => {
  const file = await answer('/agenda/reunion.ics', { accept: 'text/calendar' });
  const page = await answer('/agenda/reunion.ics');
  assert.equal(file.headers['content-type'], 'text/calendar; charset=utf-8');
  assert.equal(file.body, ICS);
  assert.match(page.headers['content-type'] ?? '', /^text\/html/);
  assert.deepEqual(await answer('/agenda/reunion.ics', { accept: 'text/calendar' }), file);
  assert.equal((await answer('/agenda/reunion.ics')).headers['content-type'], page.headers['content-type']);
});

test('a new commit is answered on the next request, though the old page is cached', async () => {
  await answer('/page');
  repo.commit('Page changée', { 'page.md': '# Une page changée\n' });
  assert.match((await answer('/page')).body, /Une page changée/);
});
