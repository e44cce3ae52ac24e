// Walks every route the app registers (Hono's `app.routes`) and checks that each state-changing one
// (POST, PUT, PATCH, DELETE) refuses a request without a session and one without a CSRF token. A route
// added later by anyone is checked the same way, with no change to this test; the few that must work
// before signing in are listed here, each with its reason.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hono } from 'hono';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { csrfToken } from '../../src/auth/csrf.js';
import { startSession } from '../../src/auth/sessions.js';
import { createApp } from '../../src/server/app.js';
import { ASSETS_VERSION } from '../../src/server/assets.js';
import { type AccessServices, openAccessServices } from '../../src/server/middleware/services.js';
import { FORM_COOKIE, SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { publicationOf } from '../../src/pages/publication.js';
import type { Database } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open.js';
import { openWiki, type OpenedWiki } from '../../src/wiki/open.js';
import { makeRepo } from '../helpers/repo.js';
import { TEST_SCRYPT_COST } from '../helpers/server.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Forms that must work before signing in (they still need their CSRF token, tied to a browser cookie). */
const OPEN_BEFORE_SIGN_IN = new Map([
  ['/-/login', 'signing in'],
  ['/-/login/oidc/start', 'signing in through the identity provider'],
  ['/-/register', 'creating an account'],
  ['/-/confirm', 'confirming an address from the mailed link'],
  ['/-/password', 'asking for a password reset'],
  ['/-/password/reset', 'setting a password from the mailed link'],
]);

/** Git's smart HTTP: authenticated by an access token in the Authorization header, never by cookies. */
const GIT = /^\/wiki\.git\//;

let repo: ReturnType<typeof makeRepo>;
let opened: OpenedWiki;
let db: Database;
let services: AccessServices;
let app: Hono;
let sessionCookie: string;
let sessionCsrf: string;

before(async () => {
  repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  opened = await openWiki({ repo: repo.dir });
  db = await openDatabase({ dataDir: opened.dataDir });
  services = await openAccessServices({
    db,
    opened,
    // Every optional route switched on, so that the walk sees them all.
    settings: {
      registration: true,
      private: false,
      allowForcePush: false,
      oidc: { issuer: 'http://127.0.0.1:9/', clientId: 'feuillet', scopes: ['openid', 'email'], label: 'Test' },
    },
    auth: { scryptCost: TEST_SCRYPT_COST },
  });
  const publication = publicationOf(opened, { basePath: '', assetsVersion: ASSETS_VERSION });
  app = createApp({ publication, defaultLang: 'fr', services });
  const admin = await createAccount(services.auth, OPERATOR, { email: 'admin@example.org', role: 'admin', password: 'correct horse battery staple' });
  const session = await startSession(services.auth, admin.id, null);
  sessionCookie = `${SESSION_COOKIE}=${session.token}`;
  sessionCsrf = csrfToken(services.secret, session.token);
});

after(async () => {
  await db.close();
  opened.source.close();
  repo.cleanup();
});

function stateChangingRoutes(): { method: string; path: string; url: string }[] {
  const seen = new Set<string>();
  const routes = [];
  for (const route of app.routes) {
    if (!STATE_CHANGING.has(route.method)) continue;
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) continue; // a route with middleware appears once per handler
    seen.add(key);
    routes.push({ method: route.method, path: route.path, url: route.path.replace(/:[A-Za-z]+/g, '1').replace(/\*/g, 'x') });
  }
  return routes;
}

function send(method: string, url: string, headers: Record<string, string>, form: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(url, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept': 'text/html', ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

test('the walk finds the account, administration and git routes', () => {
  const paths = new Set(stateChangingRoutes().map((r) => `${r.method} ${r.path}`));
  for (const expected of [
    'POST /-/login',
    'POST /-/logout',
    'POST /-/account/tokens',
    'POST /-/account/tokens/:id/revoke',
    'POST /-/access-request',
    'POST /-/admin/requests/:id/grant',
    'POST /-/admin/requests/:id/refuse',
    'POST /-/admin/users/:id/role',
    'POST /wiki.git/git-receive-pack',
  ]) {
    assert.ok(paths.has(expected), `${expected} is not registered`);
  }
});

test('every state-changing route refuses a request with no session and no CSRF token', async () => {
  for (const { method, path, url } of stateChangingRoutes()) {
    if (path === '/wiki.git/git-upload-pack') continue; // a fetch: reading a public wiki needs nothing (see the private test)
    const response = await send(method, url, {});
    assert.ok([401, 403].includes(response.status), `${method} ${path} answered ${response.status}`);
  }
});

test('every state-changing route refuses a signed-in request without its CSRF token', async () => {
  for (const { method, path, url } of stateChangingRoutes()) {
    if (GIT.test(path)) continue; // the session cookie counts for nothing there: checked below
    for (const token of [undefined, '', 'forged-token', csrfToken(services.secret, 'another-session-token-aaaaaaaaaaaaaaaaaaaaaa')]) {
      const response = await send(method, url, { cookie: sessionCookie }, token === undefined ? {} : { _csrf: token });
      assert.equal(response.status, 403, `${method} ${path} with CSRF ${JSON.stringify(token)} answered ${response.status}`);
    }
  }
});

test('every state-changing route but the sign-in forms refuses a request with a valid CSRF token and no session', async () => {
  const browserKey = 'b'.repeat(43);
  const formCookie = `${FORM_COOKIE}=${browserKey}`;
  const token = csrfToken(services.secret, browserKey);
  for (const { method, path, url } of stateChangingRoutes()) {
    if (OPEN_BEFORE_SIGN_IN.has(path) || path === '/wiki.git/git-upload-pack') continue;
    const response = await send(method, url, { cookie: formCookie }, { _csrf: token });
    assert.ok([401, 403].includes(response.status), `${method} ${path} answered ${response.status}`);
  }
  // And the same request signed in passes the CSRF check (so the refusals above are the session's doing).
  const signedIn = await send('POST', '/-/account/name', { cookie: sessionCookie }, { _csrf: sessionCsrf, displayName: 'Admin' });
  assert.equal(signedIn.status, 303);
});

test('a signed-in request with its valid token is refused when it comes from another site’s page', async () => {
  const form = { _csrf: sessionCsrf, displayName: 'Admin' };
  const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'not a url' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'http://localhost.evil.example' }];
  for (const headers of foreign) {
    for (const { method, path, url } of stateChangingRoutes()) {
      if (GIT.test(path)) continue;
      const response = await send(method, url, { cookie: sessionCookie, ...headers }, form);
      assert.equal(response.status, 403, `${method} ${path} from ${JSON.stringify(headers)} answered ${response.status}`);
    }
  }
  // From the wiki's own pages (any scheme, as behind a TLS proxy), or from a client that says nothing: the token decides.
  const own: Record<string, string>[] = [
    { origin: 'http://localhost' },
    { origin: 'https://localhost' },
    { 'sec-fetch-site': 'same-origin' },
    {},
    // Behind a proxy that does not pass the Host on, but says where the request came to.
    { origin: 'https://wiki.example.org', 'x-forwarded-host': 'wiki.example.org' },
  ];
  for (const headers of own) {
    assert.equal((await send('POST', '/-/account/name', { cookie: sessionCookie, ...headers }, form)).status, 303, JSON.stringify(headers));
  }
  // With a public address configured, the browser's origin must be exactly it.
  const published = createApp({
    publication: publicationOf(opened, { basePath: '', assetsVersion: ASSETS_VERSION }),
    defaultLang: 'fr',
    services: { ...services, settings: { ...services.settings, publicUrl: 'https://wiki.example.org/' } },
  });
  const post = (origin: string) =>
    published.request('/-/account/name', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: sessionCookie, origin },
      body: new URLSearchParams(form).toString(),
    });
  assert.equal((await post('https://wiki.example.org')).status, 303);
  assert.equal((await post('http://wiki.example.org')).status, 403);
  assert.equal((await post('http://localhost')).status, 403);
});

test('git push ignores session cookies: without an access token it is 401', async () => {
  const response = await send('POST', '/wiki.git/git-receive-pack', { cookie: sessionCookie, 'content-type': 'application/x-git-receive-pack-request' }, { _csrf: sessionCsrf });
  assert.equal(response.status, 401);
});

test('a private wiki refuses every page, and git fetches, to a visitor not signed in', async () => {
  const privateApp = createApp({
    publication: publicationOf(opened, { basePath: '', assetsVersion: ASSETS_VERSION }),
    defaultLang: 'fr',
    services: { ...services, settings: { ...services.settings, private: true } },
  });
  const page = await privateApp.request('/', { headers: { accept: 'text/html' } });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/-/login?next=%2F');
  assert.equal((await privateApp.request('/-/login')).status, 200);
  assert.equal((await privateApp.request('/-/assets/feuillet.css')).status, 200);
  const fetchPack = await privateApp.request('/wiki.git/git-upload-pack', { method: 'POST', body: '' });
  assert.equal(fetchPack.status, 401);
  const signedIn = await privateApp.request('/', { headers: { cookie: sessionCookie } });
  assert.equal(signedIn.status, 200);
});
