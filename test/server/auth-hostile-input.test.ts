// Hostile input at the account and git doors: redirects to other sites, forged or stale OIDC state,
// malformed git requests and credentials, huge or strange form fields. Never a 500, never a way out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPendingSignIn, OidcSignInError, sealPendingSignIn } from '../../src/auth/oidc-flow.js';
import { ServerSecret } from '../../src/auth/secret.js';
import { smartHttpService } from '../../src/git/http-backend.js';
import { safeNext } from '../../src/server/routes/auth-pages.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { WebClient } from '../helpers/web-client.js';

test('only paths of this wiki are accepted as the page to return to after signing in', () => {
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/x\r\nSet-Cookie: a=b', `/${'a'.repeat(3000)}`, 42, undefined, '']) {
    assert.equal(safeNext(next, ''), '/', JSON.stringify(next));
  }
  assert.equal(safeNext('/-/account?x=1#y', ''), '/-/account?x=1#y');
  assert.equal(safeNext('//evil', '/wiki'), '/wiki/');
});

test('a pending OIDC sign-in cookie that is missing, forged, tampered with or stale is refused', () => {
  const secret = new ServerSecret(Buffer.alloc(32, 7));
  const other = new ServerSecret(Buffer.alloc(32, 8));
  const now = new Date(Date.UTC(2026, 0, 1));
  const pending = { state: 's'.repeat(43), nonce: 'n'.repeat(43), redirectUri: 'http://127.0.0.1/-/login/oidc', next: '/', startedAt: now.getTime() };
  const sealed = sealPendingSignIn(secret, pending);
  assert.deepEqual(openPendingSignIn(secret, sealed, now), pending);
  const [body, mac] = sealed.split('.') as [string, string];
  const tampered = `${Buffer.from(JSON.stringify({ ...pending, next: '//evil' })).toString('base64url')}.${mac}`;
  const late = new Date(now.getTime() + 11 * 60 * 1000);
  const early = new Date(now.getTime() - 60 * 1000);
  for (const [value, at] of [[undefined, now], ['', now], ['abc', now], [body, now], [`${body}.`, now], [tampered, now], [sealPendingSignIn(other, pending), now], [sealed, late], [sealed, early], ['x'.repeat(10_000), now]] as const) {
    assert.throws(() => openPendingSignIn(secret, value, at), OidcSignInError, String(value).slice(0, 40));
  }
});

test('only the three smart HTTP addresses reach git', () => {
  assert.deepEqual(smartHttpService('GET', '/info/refs', 'git-upload-pack'), { service: 'git-upload-pack', advertise: true });
  assert.deepEqual(smartHttpService('POST', '/git-receive-pack', undefined), { service: 'git-receive-pack', advertise: false });
  for (const [method, path, service] of [
    ['GET', '/info/refs', undefined],
    ['GET', '/info/refs', 'git-upload-archive'],
    ['POST', '/info/refs', 'git-upload-pack'],
    ['GET', '/git-upload-pack', undefined],
    ['GET', '/HEAD', undefined],
    ['GET', '/objects/info/packs', undefined],
    ['POST', '/../config', undefined],
    ['PUT', '/git-receive-pack', undefined],
  ] as const) {
    assert.equal(smartHttpService(method, path, service), undefined, `${method} ${path}`);
  }
});

let repo: ReturnType<typeof makeRepo>;
let server: TestServer;

before(async () => {
  repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  server = await startServer({ repo: repo.dir }, { settings: { registration: true } });
});
after(async () => {
  await server.close();
  repo.cleanup();
});

test('the sign-in page never offers to return to another site', async () => {
  const page = await new WebClient(server.url).open('/-/login?next=//evil.example/steal');
  assert.equal(page.document.querySelector('input[name=next]')?.getAttribute('value'), '/');
});

test('strange form fields get a 4xx page, never a 500', async () => {
  const client = new WebClient(server.url);
  const login = await client.open('/-/login');
  const huge = await client.submit(login, '/-/login', { email: 'a'.repeat(1_000_000), password: 'x'.repeat(100_000) });
  assert.equal(huge.status, 413, 'a form far larger than any sign-in is refused by the body limit before it is read');
  const long = await client.submit(login, '/-/login', { email: 'a'.repeat(10_000), password: 'x'.repeat(10_000) });
  assert.equal(long.status, 401);
  const register = await client.open('/-/register');
  for (const fields of [
    { email: 'zoe@example.org', displayName: 'Zoé\u202eevil', password: 'correct horse battery staple' },
    { email: 'zoe@example.org', displayName: 'Zoé\nBcc: x@y', password: 'correct horse battery staple' },
    { email: 'not an address', displayName: 'Zoé', password: 'correct horse battery staple' },
    { email: 'zoe@example.org', displayName: 'Zoé', password: 'short' },
  ]) {
    const response = await client.submit(register, '/-/register', fields);
    assert.equal(response.status, 400, JSON.stringify(fields));
  }
  const confirm = await client.submit(await client.open('/-/confirm?token=%00%ff'), '/-/confirm', { token: '../../etc/passwd' });
  assert.equal(confirm.status, 400);
  const multipart = new FormData();
  multipart.set('email', 'x@example.org');
  const noToken = await client.fetch('/-/login', { method: 'POST', body: multipart });
  assert.equal(noToken.status, 403);
  const json = await client.fetch('/-/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"x"}' });
  assert.equal(json.status, 403);
});

test('git answers malformed credentials and unknown tokens with 401, odd addresses with 404', async () => {
  for (const authorization of ['Basic', 'Basic !!!', 'Bearer abc', `Basic ${Buffer.from('user:feuillet_' + 'a'.repeat(43)).toString('base64')}`, `Basic ${Buffer.from('no-colon').toString('base64')}`, `Basic ${'A'.repeat(10_000)}`]) {
    const response = await server.get('/wiki.git/info/refs?service=git-receive-pack', { authorization });
    assert.equal(response.status, 401, authorization.slice(0, 30));
  }
  assert.equal((await server.get('/wiki.git/info/refs?service=git-upload-pack&x=%00')).status, 200);
  for (const path of ['/wiki.git/', '/wiki.git/objects/', '/wiki.git/info/refs/../config', '/wiki.git/%2e%2e/config', '/autre.git/info/refs?service=git-upload-pack']) {
    const status = (await server.get(path)).status;
    assert.ok(status === 404 || status === 301, `${path}: ${status}`);
  }
});
