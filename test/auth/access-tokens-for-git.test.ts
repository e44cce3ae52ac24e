import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setDisabled } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { type Actor, OPERATOR } from '../../src/auth/context.js';
import { isAuthError } from '../../src/auth/errors.js';
import {
  createAccessToken,
  credentialsFromBasicAuth,
  listAccessTokens,
  resolveAccessToken,
  revokeAccessToken,
} from '../../src/auth/tokens.js';
import { MINUTE, setup, user } from './setup.js';

const as = (id: number): Actor => ({ kind: 'user', userId: id, ip: null });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test('a token is shown once, stored as a hash, and authenticates git over HTTP basic auth', async (t) => {
  const { ctx, db } = await setup(t);
  const writer = await user(ctx, 'writer@example.org', 'writer');
  const { token, info } = await createAccessToken(ctx, writer.id, ' laptop ', '192.0.2.1');
  assert.match(token, /^feuillet_[A-Za-z0-9_-]{43}$/);
  assert.equal(info.name, 'laptop');
  assert.equal(info.hint, `${token.slice(0, 13)}…`);
  assert.ok(!JSON.stringify(await db.all('SELECT * FROM access_tokens')).includes(token.slice(9)));
  const credentials = credentialsFromBasicAuth(basic('whatever-git-asked', token));
  assert.deepEqual(credentials, { username: 'whatever-git-asked', password: token });
  assert.equal((await resolveAccessToken(ctx, credentials?.password))?.id, writer.id);
  assert.equal((await listAudit(db, { action: 'token.created' }))[0]?.details.name, 'laptop');
});

test('using a token records when it was last used, at most once a minute', async (t) => {
  const { ctx, clock } = await setup(t);
  const writer = await user(ctx, 'writer@example.org', 'writer');
  const { token } = await createAccessToken(ctx, writer.id, 'ci', null);
  assert.equal((await listAccessTokens(ctx.db, writer.id))[0]?.lastUsedAt, null);
  await resolveAccessToken(ctx, token);
  const first = clock.ms;
  clock.advance(30 * 1000);
  await resolveAccessToken(ctx, token);
  assert.equal((await listAccessTokens(ctx.db, writer.id))[0]?.lastUsedAt?.getTime(), first);
  clock.advance(MINUTE);
  await resolveAccessToken(ctx, token);
  assert.equal((await listAccessTokens(ctx.db, writer.id))[0]?.lastUsedAt?.getTime(), clock.ms);
});

test('a revoked token, or one of a disabled account, no longer authenticates', async (t) => {
  const { ctx, db } = await setup(t);
  const writer = await user(ctx, 'writer@example.org', 'writer');
  const revoked = await createAccessToken(ctx, writer.id, 'old laptop', null);
  const kept = await createAccessToken(ctx, writer.id, 'new laptop', null);
  await revokeAccessToken(ctx, as(writer.id), revoked.info.id);
  await revokeAccessToken(ctx, as(writer.id), revoked.info.id);
  assert.equal(await resolveAccessToken(ctx, revoked.token), undefined);
  assert.equal((await resolveAccessToken(ctx, kept.token))?.id, writer.id);
  const listed = await listAccessTokens(db, writer.id);
  assert.deepEqual(listed.map((info) => [info.name, info.revokedAt !== null]), [['new laptop', false], ['old laptop', true]]);
  assert.equal((await listAudit(db, { action: 'token.revoked' })).length, 1);
  await setDisabled(ctx, OPERATOR, writer.id, true);
  assert.equal(await resolveAccessToken(ctx, kept.token), undefined);
  await assert.rejects(createAccessToken(ctx, writer.id, 'sneaky', null), (e) => isAuthError(e, 'forbidden'));
});

test("only the owner or an admin revokes a token; others are told it does not exist", async (t) => {
  const { ctx } = await setup(t);
  const owner = await user(ctx, 'owner@example.org', 'writer');
  const maintainer = await user(ctx, 'maintainer@example.org', 'maintainer');
  const admin = await user(ctx, 'admin@example.org', 'admin');
  const { token, info } = await createAccessToken(ctx, owner.id, 'laptop', null);
  await assert.rejects(revokeAccessToken(ctx, as(maintainer.id), info.id), (e) => isAuthError(e, 'token-not-found'));
  await assert.rejects(revokeAccessToken(ctx, as(owner.id), 999), (e) => isAuthError(e, 'token-not-found'));
  assert.ok(await resolveAccessToken(ctx, token));
  await revokeAccessToken(ctx, as(admin.id), info.id);
  assert.equal(await resolveAccessToken(ctx, token), undefined);
});

test('token names are one bounded line', async (t) => {
  const { ctx } = await setup(t);
  const writer = await user(ctx, 'writer@example.org', 'writer');
  for (const name of ['', '  ', 'a\nb', 'x'.repeat(101), undefined, 5]) {
    await assert.rejects(createAccessToken(ctx, writer.id, name, null), (e) => isAuthError(e, 'invalid-text'));
  }
  assert.equal((await createAccessToken(ctx, writer.id, "'); DROP TABLE access_tokens; --", null)).info.name, "'); DROP TABLE access_tokens; --");
});

test('made-up, malformed and password-shaped credentials authenticate nobody', async (t) => {
  const { ctx } = await setup(t);
  await user(ctx, 'writer@example.org', 'writer');
  for (const candidate of [undefined, '', 'feuillet_', 'feuillet_' + 'A'.repeat(43), 'correct horse battery staple', "feuillet_' OR 1=1 --", 'feuillet_' + 'A'.repeat(1_000_000), 42]) {
    assert.equal(await resolveAccessToken(ctx, candidate), undefined);
  }
});

test('basic auth headers are parsed strictly', () => {
  assert.deepEqual(credentialsFromBasicAuth(basic('a', 'b:c')), { username: 'a', password: 'b:c' });
  assert.deepEqual(credentialsFromBasicAuth(`basic ${Buffer.from('é:ü').toString('base64')}`), { username: 'é', password: 'ü' });
  for (const header of [undefined, null, '', 'Bearer abc', 'Basic', 'Basic !!!', `Basic ${Buffer.from('no colon').toString('base64')}`, `Basic ${'A'.repeat(10_000)}`]) {
    assert.equal(credentialsFromBasicAuth(header), undefined, String(header).slice(0, 20));
  }
});
