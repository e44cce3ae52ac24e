// A real OpenID Connect round trip against a real provider (oidc-provider) on loopback, configured the
// way ProConnect answers: authorization code with PKCE, userinfo as a signed JWT (application/jwt), the
// email only in userinfo, sign-out by redirect to end_session with id_token_hint. The browser is the
// test's cookie-keeping client; the provider's own development login form stands in for a person.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Provider from 'oidc-provider';
import { createAccount, findUserByEmail } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { WebClient, type WebPage } from '../helpers/web-client.js';

interface Person {
  email: string;
  email_verified: boolean;
  given_name: string;
  usual_name: string;
}

const PEOPLE: Record<string, Person> = {
  'agent-1': { email: 'camille.agent@example.gouv.fr', email_verified: true, given_name: 'Camille', usual_name: 'Agent' },
  'agent-2': { email: 'Writer@Example.org', email_verified: true, given_name: 'Wendy', usual_name: 'Writer' },
  'agent-3': { email: 'unverified@example.org', email_verified: false, given_name: 'Ugo', usual_name: 'Nonvérifié' },
};

const STANDARD_PARAMETERS = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method']);

let repo: ReturnType<typeof makeRepo>;
let idpServer: Server;
let issuer: string;
let wiki: TestServer;
const userinfoTypes: string[] = [];

before(async () => {
  idpServer = createServer();
  await new Promise<void>((resolve) => idpServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;
  repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  wiki = await startServer({ repo: repo.dir }, {
    settings: { oidc: { issuer, clientId: 'feuillet', clientSecret: 'a-long-client-secret-for-the-test-only', scopes: ['openid', 'email', 'profile'], label: 'ProConnect' } },
  });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'feuillet',
        client_secret: 'a-long-client-secret-for-the-test-only',
        redirect_uris: [`${wiki.url}-/login/oidc`],
        post_logout_redirect_uris: [wiki.url],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        userinfo_signed_response_alg: 'RS256',
      },
    ],
    features: { jwtUserinfo: { enabled: true }, devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'usual_name'] },
    cookies: { keys: ['a-cookie-signing-key-for-the-test'] },
    // No ID token claims beyond sub: like ProConnect, the person's data comes from userinfo.
    conformIdTokenClaims: true,
    findAccount: (_ctx, id) => {
      const person = PEOPLE[id];
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...person }) };
    },
  });
  const callback = provider.callback();
  idpServer.on('request', (req, res) => {
    if (req.url?.startsWith('/me')) res.on('finish', () => userinfoTypes.push(String(res.getHeader('content-type'))));
    callback(req, res);
  });
});

after(async () => {
  await wiki.close();
  repo.cleanup();
  idpServer.closeAllConnections();
  await new Promise((resolve) => idpServer.close(resolve));
});

/** The person signs in at the provider with its development form, then consents; returns the wiki page reached. */
async function signInThroughProvider(browser: WebClient, login: string): Promise<{ page: WebPage; authorization: URL }> {
  const signInPage = await browser.open('/-/login?next=/-/account');
  const started = await browser.submit(signInPage, '/-/login/oidc/start');
  assert.equal(started.status, 303);
  const authorization = new URL(started.headers.get('location')!);
  let page = await browser.open(authorization.href);
  for (let step = 0; step < 4 && new URL(page.response.url).origin === issuer; step++) {
    const form = page.document.querySelector('form');
    assert.ok(form, `a form at the provider: ${page.text.slice(0, 200)}`);
    const action = form.getAttribute('action')!;
    const fields: Record<string, string> = form.querySelector('input[name=login]') ? { login, password: 'anything' } : {};
    page = await browser.submitAndOpen(page, action, fields);
  }
  return { page, authorization };
}

test('a first sign-in through the provider creates a contributor from the signed userinfo', async () => {
  const browser = new WebClient(wiki.url);
  const { page, authorization } = await signInThroughProvider(browser, 'agent-1');
  assert.equal(page.status, 200, page.text.slice(0, 300));
  assert.match(page.text, /camille\.agent@example\.gouv\.fr/);
  const user = await findUserByEmail(wiki.db!, 'camille.agent@example.gouv.fr');
  assert.equal(user?.displayName, 'Camille Agent');
  assert.equal(user?.role, 'contributor');
  assert.equal(user?.hasPassword, false);

  // Only standard parameters (ProConnect refuses any other), state and nonce of at least 32 characters, PKCE S256.
  for (const key of authorization.searchParams.keys()) assert.ok(STANDARD_PARAMETERS.has(key), `unexpected parameter ${key}`);
  assert.ok(authorization.searchParams.get('state')!.length >= 32);
  assert.ok(authorization.searchParams.get('nonce')!.length >= 32);
  assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
  // The userinfo answer was a JWT (verified against the provider's keys by openid-client).
  assert.ok(userinfoTypes.some((type) => type.startsWith('application/jwt')), userinfoTypes.join(', '));
});

test('an existing account with the same address (any case) is the one signed in, and keeps its role', async () => {
  const existing = await createAccount(wiki.services!.auth, OPERATOR, { email: 'writer@example.org', role: 'writer', password: 'correct horse battery staple' });
  const browser = new WebClient(wiki.url);
  const { page } = await signInThroughProvider(browser, 'agent-2');
  assert.equal(page.status, 200);
  assert.match(page.text, /writer@example\.org/i);
  assert.match(page.text, /rédacteur/);
  const rows = await wiki.db!.all<{ user_id: number; subject: string }>('SELECT user_id, subject FROM oidc_identities');
  assert.ok(rows.some((row) => row.user_id === existing.id && row.subject === 'agent-2'));

  // Signing out ends the wiki's session and sends the browser to the provider's end_session with the ID token.
  const account = await browser.open('/-/account');
  const out = await browser.submit(account, '/-/logout');
  assert.equal(out.status, 303);
  const endSession = new URL(out.headers.get('location')!);
  assert.equal(endSession.origin, issuer);
  assert.ok(endSession.searchParams.get('id_token_hint'));
  assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), wiki.url);
  assert.ok((endSession.searchParams.get('state') ?? '').length >= 32);
});

test('a provider that says the address is not verified gets no account', async () => {
  const browser = new WebClient(wiki.url);
  const { page } = await signInThroughProvider(browser, 'agent-3');
  assert.equal(page.status, 403);
  assert.match(page.text, /n'a pas vérifié cette adresse/);
  assert.equal(await findUserByEmail(wiki.db!, 'unverified@example.org'), undefined);
});

test('a callback that did not start in this browser, or with a forged state, is refused', async () => {
  const browser = new WebClient(wiki.url);
  const stray = await browser.open('/-/login/oidc?code=abc&state=def');
  assert.equal(stray.status, 502);
  assert.match(stray.text, /a expiré ou ne vient pas de ce navigateur/);

  const started = await browser.submit(await browser.open('/-/login'), '/-/login/oidc/start');
  const authorization = new URL(started.headers.get('location')!);
  const forged = await browser.open(`/-/login/oidc?code=abc&state=${'x'.repeat(43)}&iss=${encodeURIComponent(issuer)}`);
  assert.equal(forged.status, 502);
  assert.ok(authorization.searchParams.get('state'));
});
