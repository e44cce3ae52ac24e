import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getUser, registerAccount, setDisabled } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { authContext, OPERATOR } from '../../src/auth/context.js';
import { openDatabase } from '../../src/store/open.js';
import { isAuthError } from '../../src/auth/errors.js';
import { userFromOidcClaims } from '../../src/auth/oidc-users.js';
import { PASSWORD, setup, TEST_SCRYPT_COST, user } from './setup.js';

const PROCONNECT = 'https://auth.agentconnect.gouv.fr/api/v2';
const KEYCLOAK = 'https://sso.example.org/realms/wiki';

// What ProConnect sends: no email_verified, given_name + usual_name, a sub of its own per service.
const agent = (sub: string, email = 'jeanne.dupont@numerique.gouv.fr') => ({
  sub,
  email,
  given_name: 'Jeanne',
  usual_name: 'Dupont',
  uid: '1234',
  siret: '13002526500013',
  idp_id: 'fia1v2',
});

test('a first ProConnect sign-in makes a confirmed contributor without password, named from the claims', async (t) => {
  const { ctx, db } = await setup(t);
  const first = await userFromOidcClaims(ctx, PROCONNECT, agent('sub-for-this-wiki'), '192.0.2.1');
  assert.equal(first.matched, 'created');
  assert.equal(first.user.role, 'contributor');
  assert.equal(first.user.displayName, 'Jeanne Dupont');
  assert.equal(first.user.email, 'jeanne.dupont@numerique.gouv.fr');
  assert.equal(first.user.emailConfirmed, true);
  assert.equal(first.user.hasPassword, false);
  const again = await userFromOidcClaims(ctx, PROCONNECT, agent('sub-for-this-wiki', 'renamed@numerique.gouv.fr'), null);
  assert.equal(again.matched, 'identity');
  assert.equal(again.user.id, first.user.id);
  assert.deepEqual((await listAudit(db)).map((e) => e.action), ['sign-in.succeeded', 'oidc.account-created']);
});

test('the same person under another sub (another service, another provider) is matched by professional email', async (t) => {
  const { ctx, db } = await setup(t);
  const local = await user(ctx, 'Jeanne.Dupont@numerique.gouv.fr', 'writer');
  const linked = await userFromOidcClaims(ctx, PROCONNECT, agent('pairwise-1', 'jeanne.dupont@NUMERIQUE.gouv.fr'), null);
  assert.equal(linked.matched, 'email');
  assert.equal(linked.user.id, local.id);
  assert.equal(linked.user.role, 'writer');
  const viaKeycloak = await userFromOidcClaims(ctx, KEYCLOAK, { sub: 'kc-1', email: 'jeanne.dupont@numerique.gouv.fr', email_verified: true }, null);
  assert.equal(viaKeycloak.user.id, local.id);
  assert.equal((await db.all('SELECT * FROM oidc_identities WHERE user_id = ?', [local.id])).length, 2);
  assert.equal((await userFromOidcClaims(ctx, PROCONNECT, agent('pairwise-1', 'someone.else@numerique.gouv.fr'), null)).user.id, local.id);
});

test('linking by email confirms an address that was waiting for confirmation', async (t) => {
  const { ctx, db } = await setup(t);
  const registration = await registerAccount(ctx, { email: 'agent@numerique.gouv.fr', displayName: 'Agent', password: PASSWORD }, null);
  const signedIn = await userFromOidcClaims(ctx, PROCONNECT, agent('s', 'agent@numerique.gouv.fr'), null);
  assert.equal(signedIn.user.id, registration.user.id);
  assert.equal((await getUser(db, registration.user.id))?.emailConfirmed, true);
});

test('an address the provider says is unverified, or no address, is refused', async (t) => {
  const { ctx, db } = await setup(t);
  await user(ctx, 'admin@example.org', 'admin');
  for (const verified of [false, 'false', 0, 'no']) {
    await assert.rejects(
      userFromOidcClaims(ctx, KEYCLOAK, { sub: `kc-${String(verified)}`, email: 'admin@example.org', email_verified: verified }, null),
      (e) => isAuthError(e, 'oidc-email-unverified'),
    );
  }
  for (const email of [undefined, null, '', 'not-an-address', ['admin@example.org'], '\u0430dmin@example.org']) {
    await assert.rejects(userFromOidcClaims(ctx, KEYCLOAK, { sub: 'kc-x', email }, null), (e) => isAuthError(e, 'oidc-email-missing'));
  }
  assert.equal((await db.all('SELECT * FROM oidc_identities')).length, 0);
  assert.equal((await userFromOidcClaims(ctx, KEYCLOAK, { sub: 'kc-ok', email: 'new@example.org', email_verified: 'true' }, null)).matched, 'created');
});

test('missing or hostile sub and issuer are refused', async (t) => {
  const { ctx } = await setup(t);
  for (const sub of [undefined, '', 42, 'x'.repeat(256)]) {
    await assert.rejects(userFromOidcClaims(ctx, PROCONNECT, { ...agent('x'), sub }, null), (e) => isAuthError(e, 'oidc-claims-invalid'));
  }
  await assert.rejects(userFromOidcClaims(ctx, '', agent('x'), null), (e) => isAuthError(e, 'oidc-claims-invalid'));
  const odd = await userFromOidcClaims(ctx, PROCONNECT, agent("'); DROP TABLE users; --"), null);
  assert.equal((await userFromOidcClaims(ctx, PROCONNECT, agent("'); DROP TABLE users; --"), null)).user.id, odd.user.id);
});

test('unusable names fall back to the address', async (t) => {
  const { ctx } = await setup(t);
  const result = await userFromOidcClaims(ctx, KEYCLOAK, { sub: 'a', email: 'p.nom@example.org', name: 'evil\u202eexe', given_name: 42 }, null);
  assert.equal(result.user.displayName, 'p.nom');
  const named = await userFromOidcClaims(ctx, KEYCLOAK, { sub: 'b', email: 'b@example.org', name: '  Bob   Martin ' }, null);
  assert.equal(named.user.displayName, 'Bob Martin');
});

test('a disabled account cannot sign in through a provider, by identity or by email', async (t) => {
  const { ctx } = await setup(t);
  const first = await userFromOidcClaims(ctx, PROCONNECT, agent('s1'), null);
  await setDisabled(ctx, OPERATOR, first.user.id, true);
  await assert.rejects(userFromOidcClaims(ctx, PROCONNECT, agent('s1'), null), (e) => isAuthError(e, 'account-disabled'));
  await assert.rejects(userFromOidcClaims(ctx, KEYCLOAK, { sub: 'k', email: first.user.email }, null), (e) => isAuthError(e, 'account-disabled'));
});

test('first sign-ins of one person at once, through two connections, make one account', async (t) => {
  const { ctx, db, dataDir } = await setup(t);
  const second = await openDatabase({ dataDir });
  t.after(() => second.close());
  const other = authContext(second, { scryptCost: TEST_SCRYPT_COST, now: ctx.now });
  const results = await Promise.all([
    userFromOidcClaims(ctx, PROCONNECT, agent('same'), null),
    userFromOidcClaims(other, PROCONNECT, agent('same'), null),
    userFromOidcClaims(ctx, KEYCLOAK, { sub: 'other', email: 'jeanne.dupont@numerique.gouv.fr' }, null),
    userFromOidcClaims(other, KEYCLOAK, { sub: 'other', email: 'jeanne.dupont@numerique.gouv.fr' }, null),
  ]);
  assert.equal(new Set(results.map((r) => r.user.id)).size, 1);
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n, 1);
});
