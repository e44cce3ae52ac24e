// Fault 4 of the attack report: a stranger's wrong passwords locked an account for 15 minutes, even for
// its owner, and 20 failures from one address locked every sign-in from it, that is everyone behind a
// reverse proxy. Against a started server over real HTTP, with the default limits: a stranger guessing
// from many addresses slows down only unknown browsers, never the owner's; people behind a trusted proxy
// are told apart by X-Forwarded-For; without trusted proxies the header is ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount } from '../../src/auth/accounts.js';
import { OPERATOR } from '../../src/auth/context.js';
import { DEVICE_COOKIE } from '../../src/auth/known-devices.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { WebClient } from '../helpers/web-client.js';

const PASSWORD = 'correct horse battery staple';

async function wiki(t: { after: (fn: () => Promise<void>) => void }, trustedProxies: readonly string[]): Promise<TestServer> {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  const server = await startServer({ repo: repo.dir }, { settings: { trustedProxies } });
  t.after(async () => {
    await server.close();
    repo.cleanup();
  });
  for (const email of ['owner@example.org', 'colleague@example.org']) {
    await createAccount(server.services!.auth, OPERATOR, { email, role: 'contributor', password: PASSWORD });
  }
  return server;
}

function from(server: TestServer, address: string, client = new WebClient(server.url)): WebClient {
  client.headers = { 'x-forwarded-for': address };
  return client;
}

async function trySignIn(client: WebClient, email: string, password: string): Promise<number> {
  return (await client.submit(await client.open('/-/login'), '/-/login', { email, password })).status;
}

test('behind a trusted proxy, a stranger guessing from many addresses never locks out the owner’s browser nor anyone else', async (t) => {
  const server = await wiki(t, ['127.0.0.1']);
  const owner = from(server, '198.51.100.7');
  assert.equal(await trySignIn(owner, 'owner@example.org', PASSWORD), 303);
  assert.ok(owner.cookie(DEVICE_COOKIE), 'the browser is now known to the account');
  assert.ok(owner.setCookies.some((c) => c.startsWith(`${DEVICE_COOKIE}=`) && /HttpOnly/i.test(c) && /Max-Age=\d{7,}/i.test(c)));
  assert.equal((await owner.submit(await owner.open('/-/account'), '/-/logout')).status, 303);

  const stranger = new WebClient(server.url);
  for (let i = 0; i < 40; i++) {
    from(server, `203.0.113.${i}`, stranger);
    assert.ok([401, 429].includes(await trySignIn(stranger, 'owner@example.org', `guess number ${i}`)));
  }
  // From an unknown browser the account is slowed down now, even with the right password…
  assert.equal(await trySignIn(from(server, '203.0.113.200'), 'owner@example.org', PASSWORD), 429);
  // …but the owner's browser signs in, even from an address the stranger used.
  from(server, '203.0.113.1', owner);
  assert.equal(await trySignIn(owner, 'owner@example.org', PASSWORD), 303);
  // Behind the same proxy, a colleague signs in as ever: the proxy's address counts for nothing.
  assert.equal(await trySignIn(from(server, '192.0.2.50'), 'colleague@example.org', PASSWORD), 303);
});

test('a stranger typing wrong passwords from one address only slows down that address on that account', async (t) => {
  const server = await wiki(t, ['127.0.0.1']);
  const stranger = from(server, '203.0.113.9');
  for (let i = 0; i < 5; i++) assert.equal(await trySignIn(stranger, 'owner@example.org', `guess ${i}`), 401);
  const slowed = await stranger.submit(await stranger.open('/-/login'), '/-/login', { email: 'owner@example.org', password: PASSWORD });
  assert.equal(slowed.status, 429);
  assert.ok(Number(slowed.headers.get('retry-after')) <= 15, 'a short wait, not a lock of 15 minutes');
  assert.equal(await trySignIn(from(server, '198.51.100.7'), 'owner@example.org', PASSWORD), 303, 'the owner, elsewhere, is not slowed');
});

test('without trusted proxies, X-Forwarded-For is ignored: a client cannot pretend to be many', async (t) => {
  const server = await wiki(t, []);
  const stranger = new WebClient(server.url);
  for (let i = 0; i < 5; i++) assert.equal(await trySignIn(from(server, `203.0.113.${i}`, stranger), 'owner@example.org', `guess ${i}`), 401);
  assert.equal(await trySignIn(from(server, '203.0.113.99', stranger), 'owner@example.org', PASSWORD), 429);
});
