// Item 5 of issue 15, the rest of it. Against Feuillet's real HTTP server: every parameter that decides
// where an answer redirects (`next` of the sign-in page, form and identity-provider start, the address
// itself on a page's canonical redirect, the names a writer gives a new or moved page) is tried with
// what browsers would take for another site; the Location must stay on the wiki. And every cookie the
// server sets is HttpOnly, SameSite, scoped by Path, and Secure exactly when readers come over HTTPS:
// a public URL in https, or a trusted proxy saying so (X-Forwarded-Proto), never on plain http.
import { createServer, request, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Provider from 'oidc-provider';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { openPendingSignIn } from '../../src/auth/oidc-flow.js';
import type { AuthSettings } from '../../src/server/middleware/services.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { WebClient } from '../helpers/web-client.js';

const PASSWORD = 'correct horse battery staple';
const GENEROUS = { max: 100_000, windowMs: 60_000 };
const LIMITS = { signInPerClient: GENEROUS, signInPerAccount: GENEROUS, signInPerAddress: GENEROUS, mailPerAccount: GENEROUS, mailPerAddress: GENEROUS };

/** Where browsers would go elsewhere, or what they would strip into `//elsewhere` (tabs, new lines). */
const HOSTILE = [
  'https://evil.example/',
  'HTTPS://evil.example',
  '//evil.example',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  'javascript:alert(1)',
  'http:evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/x\r\nLocation: https://evil.example',
  '\u0000//evil.example',
  ' //evil.example',
  '/\u00a0/evil.example',
  '//evil.example@wiki',
  `/${'a'.repeat(5000)}`,
  '',
];

let repo: ReturnType<typeof makeRepo>;
let idp: Server;
let issuer: string;
const servers: TestServer[] = [];

before(async () => {
  // An identity provider on loopback (oidc-provider), for the sign-in start and its cookie.
  idp = createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, { clients: [{ client_id: 'feuillet', client_secret: 'a-long-client-secret-for-the-test-only', redirect_uris: ['http://127.0.0.1/-/login/oidc'] }] });
  idp.on('request', provider.callback());
  // A folder named like a host, to tempt the canonical redirects (`/evil.example` → `/evil.example/`).
  repo = makeRepo({ 'index.md': '# Accueil\n', 'guide.md': '# Guide\n', 'docs/index.md': '# Docs\n', 'evil.example/index.md': '# Piège\n' }, 'wiki');
});

after(async () => {
  for (const server of servers) await server.close();
  repo.cleanup();
  idp.closeAllConnections();
  await new Promise((resolve) => idp.close(resolve));
});

async function wiki(settings: Partial<AuthSettings> = {}): Promise<TestServer> {
  const oidc = { issuer, clientId: 'feuillet', clientSecret: 'a-long-client-secret-for-the-test-only', scopes: ['openid', 'email'], label: 'Test' };
  const server = await startServer({ repo: repo.dir }, { settings: { registration: true, oidc, ...settings }, auth: { limits: LIMITS } });
  servers.push(server);
  return server;
}

let people = 0;
async function signedIn(server: TestServer, role: 'contributor' | 'writer' = 'contributor'): Promise<WebClient> {
  const email = `person${++people}@example.org`;
  await createAccount(server.services!.auth, OPERATOR, { email, role, password: PASSWORD });
  const client = new WebClient(server.url);
  const answer = await client.submit(await client.open('/-/login'), '/-/login', { email, password: PASSWORD });
  assert.equal(answer.status, 303);
  return client;
}

/** A Location of this wiki: one slash then a path, read by a browser's URL parser as this very origin. */
function offTheWiki(location: string | null | undefined, server: TestServer): string | undefined {
  if (location === null || location === undefined) return 'no Location';
  if (!/^\/(?![/\\])/.test(location)) return `not a path of the wiki: ${JSON.stringify(location.slice(0, 80))}`;
  if (/[\p{Cc}\\]/u.test(location)) return `control character or backslash: ${JSON.stringify(location.slice(0, 80))}`;
  if (new URL(location, server.url).origin !== new URL(server.url).origin) return `leaves the wiki: ${location.slice(0, 80)}`;
  return undefined;
}

const counts = { redirects: 0, cookies: 0 };

function expectOnWiki(failures: string[], what: string, response: Response, server: TestServer): void {
  counts.redirects++;
  if (response.status < 300 || response.status > 399) return void failures.push(`${what}: ${response.status}, not a redirect`);
  const off = offTheWiki(response.headers.get('location'), server);
  if (off) failures.push(`${what}: ${off}`);
}

/** A GET with the path exactly as written (fetch would resolve `//host` to another host). */
function rawGet(server: TestServer, path: string): Promise<{ status: number; location: string | undefined }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = request({ host: hostname, port, path, method: 'GET', headers: { accept: 'text/html' } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location });
    });
    sent.on('error', reject);
    sent.end();
  });
}

test('`next` on the sign-in page, in its form and through the identity provider never leads off the wiki', async () => {
  const server = await wiki();
  const failures: string[] = [];
  const account = await createAccount(server.services!.auth, OPERATOR, { email: 'next@example.org', role: 'contributor', password: PASSWORD });
  const already = await signedIn(server);
  for (const next of HOSTILE) {
    const query = `/-/login?next=${encodeURIComponent(next)}`;
    // Signed in already: the page sends the reader on at once.
    expectOnWiki(failures, `GET ${query.slice(0, 60)} signed in`, await already.fetch(query), server);
    // Not signed in: the form carries a `next` of the wiki only, whatever the address said.
    const visitor = new WebClient(server.url);
    const page = await visitor.open(query);
    counts.redirects++;
    const carried = page.document.querySelector('form[action="/-/login"] input[name="next"]')?.getAttribute('value');
    const offForm = offTheWiki(carried, server);
    if (offForm) failures.push(`the sign-in form for next=${JSON.stringify(next.slice(0, 40))} carries ${offForm}`);
    // The form sent with a hostile `next` of its own: wrong password (the page again), then the right one.
    const wrong = await visitor.submit(page, '/-/login', { email: account.email, password: 'not the password at all', next });
    counts.redirects++;
    const again = WebClient.parse(wrong, await wrong.text());
    const offAgain = offTheWiki(again.document.querySelector('form[action="/-/login"] input[name="next"]')?.getAttribute('value'), server);
    if (offAgain) failures.push(`after a wrong password, next=${JSON.stringify(next.slice(0, 40))}: ${offAgain}`);
    expectOnWiki(failures, `POST /-/login next=${JSON.stringify(next.slice(0, 40))}`, await visitor.submit(page, '/-/login', { email: account.email, password: PASSWORD, next }), server);
    // Through the identity provider: off to the provider (that is the point), and back to where the sealed cookie says.
    const browser = new WebClient(server.url);
    const started = await browser.submit(await browser.open('/-/login'), '/-/login/oidc/start', { next });
    counts.redirects++;
    if (started.status !== 303 || !started.headers.get('location')?.startsWith(`${issuer}/`)) failures.push(`OIDC start next=${JSON.stringify(next.slice(0, 40))}: ${started.status} ${started.headers.get('location')}`);
    const pending = openPendingSignIn(server.services!.secret, browser.cookie('feuillet_oidc'), new Date());
    const offPending = offTheWiki(pending.next, server);
    if (offPending) failures.push(`OIDC return for next=${JSON.stringify(next.slice(0, 40))}: ${offPending}`);
  }
  assert.deepEqual(failures, []);
});

test('being sent to sign in, and back, stays on the wiki whatever the address asked', async () => {
  const server = await wiki({ private: true });
  const failures: string[] = [];
  for (const path of ['//evil.example/', '//evil.example/x', '/\\evil.example', '/%2F%2Fevil.example', '/-/account?next=//evil.example', '/%09/evil.example']) {
    const sent = await rawGet(server, path);
    counts.redirects++;
    if (sent.status === 400 && sent.location === undefined) continue; // Node's HTTP parser refuses a backslash in the path
    const off = offTheWiki(sent.location, server);
    if (sent.status !== 303 || off) {
      failures.push(`private GET ${path}: ${sent.status} ${off ?? ''}`);
      continue;
    }
    // The sign-in page reached, then the form sent: where the wiki sends the person after signing in.
    const email = `back${counts.redirects}@example.org`;
    await createAccount(server.services!.auth, OPERATOR, { email, role: 'reader', password: PASSWORD });
    const client = new WebClient(server.url);
    expectOnWiki(failures, `sign-in after ${path}`, await client.submit(await client.open(sent.location!), '/-/login', { email, password: PASSWORD }), server);
  }
  assert.deepEqual(failures, []);
});

test('a page’s canonical redirect stays on the wiki, whatever the address looked like', async () => {
  const server = await wiki();
  const failures: string[] = [];
  const paths = ['/evil.example', '/./evil.example', '/%2e%2e/evil.example', '//evil.example', '//evil.example/', '//evil.example/index.md', '///evil.example', '/%2F%2Fevil.example', '/%2F/evil.example', '/\\evil.example', '/%5C%5Cevil.example', '/%09/evil.example', '/docs', '/docs/index.md', '/guide.md', '/docs//..//evil.example', '/.//evil.example/index.md'];
  for (const path of paths) {
    const { status, location } = await rawGet(server, path);
    counts.redirects++;
    if (status >= 300 && status < 400) {
      const off = offTheWiki(location, server);
      if (off) failures.push(`GET ${path}: ${off}`);
    } else if (![200, 400, 404].includes(status)) failures.push(`GET ${path}: ${status}`); // 400: Node's parser refuses a backslash
  }
  assert.deepEqual(failures, []);
});

test('the names a writer gives a new or moved page, and signing out, send nowhere else', async () => {
  const server = await wiki();
  const writer = await signedIn(server, 'writer');
  const failures: string[] = [];
  const names = ['//evil.example', '/\\evil.example', 'https://evil.example/x', '%2F%2Fevil.example', '\\\\evil.example\\x', '/evil.example/x', 'javascript:alert(1)', '\t//evil.example', '..//evil.example'];
  for (const [i, name] of names.entries()) {
    for (const fields of [{ folder: '', name, title: `Page ${i}` }, { folder: name, name: `p${i}`, title: `Page ${i}` }]) {
      const answer = await writer.submit(await writer.open('/-/new'), '/-/new', fields);
      counts.redirects++;
      if (answer.status === 303) {
        const off = offTheWiki(answer.headers.get('location'), server);
        if (off) failures.push(`new page ${JSON.stringify(fields)}: ${off}`);
      } else if (answer.status !== 400) failures.push(`new page ${JSON.stringify(fields)}: ${answer.status}`);
    }
    // A page of its own to move to the hostile name.
    const made = await writer.submit(await writer.open('/-/new'), '/-/new', { folder: '', name: `move-${i}`, title: `Move ${i}` });
    assert.equal(made.status, 303);
    const moved = await writer.submit(await writer.open(`/-/rename/move-${i}.md`), `/-/rename/move-${i}.md`, { to: name });
    counts.redirects++;
    if (moved.status === 303) {
      const off = offTheWiki(moved.headers.get('location'), server);
      if (off) failures.push(`rename to ${JSON.stringify(name)}: ${off}`);
    } else if (moved.status !== 400) failures.push(`rename to ${JSON.stringify(name)}: ${moved.status}`);
  }
  const out = await writer.submit(await writer.open('/-/account'), '/-/logout');
  expectOnWiki(failures, 'POST /-/logout', out, server);
  assert.deepEqual(failures, []);
  console.log(`open redirects: ${counts.redirects} attempts`);
});

/** Every cookie a browser meets: form, session, known device, pending identity-provider sign-in, and their deletions. */
async function cookiesOfAFullVisit(server: TestServer, headers: Record<string, string> = {}): Promise<string[]> {
  const email = `cookies${++people}@example.org`;
  await createAccount(server.services!.auth, OPERATOR, { email, role: 'contributor', password: PASSWORD });
  const client = new WebClient(server.url);
  client.headers = headers;
  const login = await client.open('/-/login');
  await client.submit(login, '/-/login', { email, password: PASSWORD });
  await client.submit(await client.open('/-/account'), '/-/logout');
  // A session that is no more: the server deletes the cookie.
  await client.fetch('/', { headers: { cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` } });
  const oidc = new WebClient(server.url);
  oidc.headers = headers;
  await oidc.submit(await oidc.open('/-/login'), '/-/login/oidc/start');
  await oidc.fetch('/-/login/oidc?code=x&state=y');
  return [...client.setCookies, ...oidc.setCookies];
}

function cookieFlaws(cookies: readonly string[], secure: boolean): string[] {
  const flaws: string[] = [];
  const names = new Set<string>();
  for (const cookie of cookies) {
    counts.cookies++;
    const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf('='));
    names.add(name);
    const has = (pattern: RegExp) => attributes.some((a) => pattern.test(a));
    // Every cookie of Feuillet holds a secret or a proof (session, CSRF key, device, sealed sign-in): none is for scripts.
    if (!has(/^httponly$/i)) flaws.push(`${name} without HttpOnly: ${cookie}`);
    if (!has(/^samesite=(lax|strict)$/i)) flaws.push(`${name} without SameSite=Lax or Strict: ${cookie}`);
    if (!has(/^path=\//i)) flaws.push(`${name} without Path: ${cookie}`);
    if (has(/^secure$/i) !== secure) flaws.push(`${name} ${secure ? 'without' : 'with'} Secure: ${cookie}`);
  }
  for (const expected of ['feuillet_form', 'feuillet_session', 'feuillet_device', 'feuillet_oidc']) {
    if (!names.has(expected)) flaws.push(`${expected} was never set: the visit did not reach it`);
  }
  return flaws;
}

test('on plain http, every cookie is HttpOnly, SameSite and scoped, and not Secure (the browser would drop it)', async () => {
  assert.deepEqual(cookieFlaws(await cookiesOfAFullVisit(await wiki()), false), []);
});

test('published over https, every cookie is Secure too', async () => {
  assert.deepEqual(cookieFlaws(await cookiesOfAFullVisit(await wiki({ publicUrl: 'https://wiki.example.org/' })), true), []);
});

test('behind a trusted proxy that says the reader came over https, cookies are Secure; from anyone else the header is ignored', async () => {
  const proxied = await wiki({ trustedProxies: ['127.0.0.1/32'] });
  assert.deepEqual(cookieFlaws(await cookiesOfAFullVisit(proxied, { 'x-forwarded-proto': 'https' }), true), []);
  assert.deepEqual(cookieFlaws(await cookiesOfAFullVisit(proxied, { 'x-forwarded-proto': 'http' }), false), []);
  const direct = await wiki();
  assert.deepEqual(cookieFlaws(await cookiesOfAFullVisit(direct, { 'x-forwarded-proto': 'https' }), false), []);
});

test('no code sets a cookie but through queueCookie (one place for the flags above)', () => {
  const src = new URL('../../src/', import.meta.url).pathname;
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  const offenders = files.filter((file) => {
    if (file === join('server', 'middleware', 'viewer.ts')) return false;
    return /set-cookie|setCookie\(|serialize\(|hono\/cookie['"];?\s*$/im.test(readFileSync(join(src, file), 'utf8').replace(/import \{ getCookie \} from 'hono\/cookie';/g, ''));
  });
  assert.deepEqual(offenders, []);
  console.log(`cookies: ${counts.cookies} Set-Cookie headers checked`);
});
