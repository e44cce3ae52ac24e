// Accounts through the web pages, over real HTTP, as a browser without JavaScript uses them: register and
// confirm by the mailed link (read from the outbox), sign in and out, session cookies, one error for
// unknown accounts and wrong passwords, rate limits, password reset by mail, the account page (name,
// password, tokens shown once and revoked), write-access requests answered from /-/admin/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, findUserByEmail } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import type { Role } from '../../src/auth/roles.js';
import { resolveSession } from '../../src/auth/sessions.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestAccess, type TestServer } from '../helpers/server.js';
import { outboxMails, WebClient, type WebPage } from '../helpers/web-client.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'another long enough password';
const GENEROUS = { max: 1000, windowMs: 60_000 };

async function wiki(t: { after: (fn: () => Promise<void>) => void }, access: TestAccess = {}): Promise<TestServer> {
  const repo = makeRepo({ 'index.md': '---\ntitle: Accueil\n---\n\nBienvenue.\n' }, 'wiki');
  const server = await startServer({ repo: repo.dir }, {
    ...access,
    auth: { limits: { signInPerClient: GENEROUS, signInPerAccount: GENEROUS, signInPerAddress: GENEROUS, mailPerAccount: GENEROUS, mailPerAddress: GENEROUS }, ...access.auth },
  });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  return server;
}

function account(server: TestServer, email: string, role: Role) {
  return createAccount(server.services!.auth, OPERATOR, { email, role, password: PASSWORD });
}

async function signIn(server: TestServer, email: string, password = PASSWORD): Promise<WebClient> {
  const client = new WebClient(server.url);
  const page = await client.open('/-/login');
  const response = await client.submit(page, '/-/login', { email, password });
  assert.equal(response.status, 303, `signing in as ${email}`);
  return client;
}

function headerLinks(page: WebPage): string[] {
  return [...page.document.querySelectorAll('.account-nav a')].map((a) => a.textContent ?? '');
}

describe('registration and signing in', () => {
  test('register, confirm by the mailed link, sign in with a fresh HttpOnly SameSite=Lax session cookie, sign out', async (t) => {
    const server = await wiki(t, { settings: { registration: true } });
    const client = new WebClient(server.url);
    const home = await client.open('/');
    assert.deepEqual(headerLinks(home), ['Se connecter']);
    const form = await client.open('/-/register');
    const registered = await client.submitAndOpen(form, '/-/register', { email: 'Zoe@Example.org', displayName: 'Zoé Martin', password: PASSWORD });
    assert.match(registered.text, /courriel vient d’être envoyé/);

    // Not confirmed yet: the right password is not enough.
    const early = await client.submitAndOpen(await client.open('/-/login'), '/-/login', { email: 'zoe@example.org', password: PASSWORD });
    assert.equal(early.status, 403);
    assert.match(early.text, /Confirmez d'abord votre adresse/);

    const [mail] = await outboxMails(server.dataDir);
    assert.ok(mail, 'a confirmation mail is in the outbox');
    assert.match(mail.to, /Zoe@example\.org/);
    const link = mail.links.find((l) => l.includes('/-/confirm?token='));
    assert.ok(link, mail.text);
    const confirmPage = await client.open(link);
    const confirmed = await client.submitAndOpen(confirmPage, '/-/confirm');
    assert.match(confirmed.text, /Votre adresse est confirmée/);
    // A link works once.
    const again = await client.submitAndOpen(confirmPage, '/-/confirm');
    assert.equal(again.status, 400);

    const before = client.cookie(SESSION_COOKIE);
    const signedIn = await client.submit(await client.open('/-/login?next=/-/account'), '/-/login', { email: 'zoe@example.org', password: PASSWORD });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.headers.get('location'), '/-/account');
    const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i); // plain http on loopback
    assert.notEqual(client.cookie(SESSION_COOKIE), before);

    const accountPage = await client.open('/-/account');
    assert.match(accountPage.text, /Zoe@example\.org/);
    assert.deepEqual(headerLinks(await client.open('/')), ['Mon compte', 'Demander un accès en écriture']);

    const token = client.cookie(SESSION_COOKIE)!;
    const out = await client.submit(accountPage, '/-/logout');
    assert.equal(out.headers.get('location'), '/-/login?done=signed-out');
    assert.equal(await resolveSession(server.services!.auth, token), undefined);
    assert.equal((await client.open('/-/account')).document.querySelector('form[action="/-/login"]') !== null, true);
  });

  test('signing in replaces the session the browser had (no session fixation)', async (t) => {
    const server = await wiki(t);
    await account(server, 'ana@example.org', 'contributor');
    const client = await signIn(server, 'ana@example.org');
    const first = client.cookie(SESSION_COOKIE)!;
    const page = await client.open('/-/login');
    // Signed in already: the sign-in page sends the reader on.
    assert.equal(page.response.url.endsWith('/'), true);
    const response = await client.submit(await new WebClient(server.url).open('/-/login'), '/-/login', { email: 'ana@example.org', password: PASSWORD });
    assert.equal(response.status, 403, 'a form from another browser carries another CSRF token');
    const fresh = await client.fetch('/-/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'ana@example.org', password: PASSWORD, _csrf: (await client.open('/-/account')).document.querySelector('input[name=_csrf]')!.getAttribute('value')! }).toString(),
    });
    assert.equal(fresh.status, 303);
    assert.notEqual(client.cookie(SESSION_COOKIE), first);
    assert.equal(await resolveSession(server.services!.auth, first), undefined);
  });

  test('unknown account and wrong password get the same answer; attempts are limited', async (t) => {
    const server = await wiki(t, { auth: { limits: { signInPerClient: { max: 5, windowMs: 15 * 60_000 } } } });
    await account(server, 'ana@example.org', 'contributor');
    const client = new WebClient(server.url);
    const unknown = await client.submitAndOpen(await client.open('/-/login'), '/-/login', { email: 'nobody@example.org', password: PASSWORD });
    const wrong = await client.submitAndOpen(await client.open('/-/login'), '/-/login', { email: 'ana@example.org', password: 'wrong password, long' });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    const alert = (p: WebPage) => p.document.querySelector('[role=alert]')?.textContent?.trim();
    assert.equal(alert(unknown), alert(wrong));
    for (let i = 0; i < 4; i++) await client.submit(await client.open('/-/login'), '/-/login', { email: 'ana@example.org', password: 'wrong password, long' });
    const limited = await client.submit(await client.open('/-/login'), '/-/login', { email: 'ana@example.org', password: PASSWORD });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  test('registration is closed unless the deployment opens it', async (t) => {
    const server = await wiki(t);
    assert.equal((await server.get('/-/register')).status, 404);
    const page = await new WebClient(server.url).open('/-/login');
    assert.equal(page.document.querySelector('a[href="/-/register"]'), null);
  });

  test('cookies are Secure when the wiki is published over HTTPS', async (t) => {
    const server = await wiki(t, { settings: { publicUrl: 'https://wiki.example.org' } });
    const response = await new WebClient(server.url).fetch('/-/login');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('feuillet_form='));
    assert.match(cookie ?? '', /; Secure/);
  });
});

describe('password reset by mail', () => {
  test('the mailed link sets a new password; the old one stops working; unknown addresses get the same page', async (t) => {
    const server = await wiki(t);
    await account(server, 'ana@example.org', 'contributor');
    const client = new WebClient(server.url);
    const unknown = await client.submitAndOpen(await client.open('/-/password'), '/-/password', { email: 'nobody@example.org' });
    const known = await client.submitAndOpen(await client.open('/-/password'), '/-/password', { email: 'ana@example.org' });
    assert.equal(unknown.text, known.text);
    const mails = await outboxMails(server.dataDir);
    assert.equal(mails.length, 1);
    const link = mails[0]!.links.find((l) => l.includes('/-/password/reset?token='))!;
    const done = await client.submitAndOpen(await client.open(link), '/-/password/reset', { password: NEW_PASSWORD });
    assert.match(done.text, /Votre mot de passe est changé/);
    const old = await client.submit(await client.open('/-/login'), '/-/login', { email: 'ana@example.org', password: PASSWORD });
    assert.equal(old.status, 401);
    await signIn(server, 'ana@example.org', NEW_PASSWORD);
  });
});

describe('the account page', () => {
  test('name, password, and personal access tokens shown once then revoked', async (t) => {
    const server = await wiki(t);
    await account(server, 'ana@example.org', 'writer');
    const client = await signIn(server, 'ana@example.org');
    let page = await client.open('/-/account');
    page = await client.submitAndOpen(page, '/-/account/name', { displayName: 'Ana Lopes' });
    assert.match(page.text, /Votre nom est enregistré/);
    assert.equal((await findUserByEmail(server.db!, 'ana@example.org'))?.displayName, 'Ana Lopes');

    const wrong = await client.submitAndOpen(page, '/-/account/password', { current: 'not my password at all', password: NEW_PASSWORD });
    assert.equal(wrong.status, 400);
    page = await client.submitAndOpen(page, '/-/account/password', { current: PASSWORD, password: NEW_PASSWORD });
    assert.match(page.text, /Votre mot de passe est changé/);
    assert.ok(client.cookie(SESSION_COOKIE), 'this session stays open');

    const created = await client.submitAndOpen(page, '/-/account/tokens', { name: 'portable' });
    const token = created.document.querySelector('.secret-token')?.textContent ?? '';
    assert.match(token, /^feuillet_[A-Za-z0-9_-]{43}$/);
    assert.ok(created.text.includes(`git push ${server.url}wiki.git`));
    const later = await client.open('/-/account');
    assert.equal(later.document.querySelector('.secret-token'), null, 'a token is shown once only');
    assert.ok(!later.text.includes(token));
    assert.match(later.text, /portable/);

    const revoked = await client.submitAndOpen(later, '/revoke');
    assert.match(revoked.text, /Le jeton est révoqué/);
    assert.equal(revoked.document.querySelector('form[action$="/revoke"]'), null);
  });

  test('without a session, the account page sends the reader to sign in and back', async (t) => {
    const server = await wiki(t);
    const response = await server.get('/-/account', { accept: 'text/html' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/-/login?next=%2F-%2Faccount');
  });
});

describe('write access requests', () => {
  test('a contributor asks, maintainers are mailed, a maintainer grants as writer, the requester is mailed', async (t) => {
    const server = await wiki(t);
    await account(server, 'maintainer@example.org', 'maintainer');
    await account(server, 'admin@example.org', 'admin');
    await account(server, 'zoe@example.org', 'contributor');
    const zoe = await signIn(server, 'zoe@example.org');
    const form = await zoe.open('/-/access-request');
    const sent = await zoe.submitAndOpen(form, '/-/access-request', { message: 'Je corrige les liens de la page Accueil.' });
    assert.match(sent.text, /Votre demande est envoyée/);
    const twice = await zoe.submitAndOpen(form, '/-/access-request', { message: 'Encore' });
    assert.equal(twice.status, 409);

    const mails = await outboxMails(server.dataDir);
    assert.deepEqual(mails.map((m) => m.to.replace(/.*</, '').replace('>', '')).sort(), ['admin@example.org', 'maintainer@example.org']);
    assert.match(mails[0]!.text, /Je corrige les liens/);
    assert.ok(mails[0]!.links.some((l) => l.endsWith('/-/admin/')));

    // Contributors do not reach the administration page.
    assert.equal((await zoe.open('/-/admin/')).status, 403);

    const maintainer = await signIn(server, 'maintainer@example.org');
    let admin = await maintainer.open('/-/admin/');
    assert.match(admin.text, /Je corrige les liens/);
    assert.equal(admin.document.querySelector('#audit'), null, 'the audit log is for admins');
    admin = await maintainer.submitAndOpen(admin, '/grant', { role: 'writer' });
    assert.match(admin.text, /Accès accordé/);
    assert.equal((await findUserByEmail(server.db!, 'zoe@example.org'))?.role, 'writer');
    const granted = (await outboxMails(server.dataDir)).at(-1)!;
    assert.match(granted.to, /zoe@example\.org/);
    assert.match(granted.subject, /Accès en écriture accordé/);
    assert.deepEqual(headerLinks(await zoe.open('/')), ['Mon compte']);

    const adminClient = await signIn(server, 'admin@example.org');
    const withAudit = await adminClient.open('/-/admin/');
    const actions = [...withAudit.document.querySelectorAll('.audit-log code')].map((c) => c.textContent);
    assert.ok(actions.includes('access.requested') && actions.includes('access.granted'), actions.join(' '));
  });

  test('a refusal carries its reason to the requester; admins change roles from the list', async (t) => {
    const server = await wiki(t);
    await account(server, 'admin@example.org', 'admin');
    const zoe = await account(server, 'zoe@example.org', 'contributor');
    const client = await signIn(server, 'zoe@example.org');
    await client.submit(await client.open('/-/access-request'), '/-/access-request', { message: '' });
    const admin = await signIn(server, 'admin@example.org');
    let page = await admin.open('/-/admin/');
    const empty = await admin.submitAndOpen(page, '/refuse', { reason: '' });
    assert.equal(empty.status, 400);
    page = await admin.submitAndOpen(page, '/refuse', { reason: 'Proposez d’abord une modification.' });
    assert.match(page.text, /Demande refusée/);
    const refusal = (await outboxMails(server.dataDir)).at(-1)!;
    assert.match(refusal.text, /Proposez d’abord une modification/);
    const again = await client.open('/-/access-request');
    assert.match(again.text, /Proposez d’abord une modification/);

    page = await admin.submitAndOpen(page, `/-/admin/users/${zoe.id}/role`, { role: 'maintainer' });
    assert.match(page.text, /Le rôle est changé/);
    assert.equal((await findUserByEmail(server.db!, 'zoe@example.org'))?.role, 'maintainer');
    page = await admin.submitAndOpen(page, `/-/admin/users/${zoe.id}/disable`);
    assert.match(page.text, /Le compte est désactivé/);
    assert.equal((await client.open('/-/account')).document.querySelector('form[action="/-/login"]') !== null, true, 'her session ended');
  });
});
