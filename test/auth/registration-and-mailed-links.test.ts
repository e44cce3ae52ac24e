import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changePassword,
  confirmEmail,
  registerAccount,
  requestEmailConfirmation,
  requestPasswordReset,
  resetPassword,
  setDisabled,
  signIn,
} from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { OPERATOR } from '../../src/auth/context.js';
import { isAuthError } from '../../src/auth/errors.js';
import { resolveSession, startSession } from '../../src/auth/sessions.js';
import { DAY, HOUR, MINUTE, PASSWORD, setup, user } from './setup.js';

const NEW_PASSWORD = 'a brand new passphrase';

test('registering makes an unconfirmed contributor; the mailed link confirms it once', async (t) => {
  const { ctx, db } = await setup(t);
  const registration = await registerAccount(ctx, { email: 'Marie@Example.org', displayName: ' Marie  Curie ', password: PASSWORD }, '192.0.2.1');
  assert.equal(registration.kind, 'created');
  if (registration.kind !== 'created') return;
  assert.equal(registration.user.role, 'contributor');
  assert.equal(registration.user.displayName, 'Marie Curie');
  assert.equal(registration.user.emailConfirmed, false);
  // Only the hash of the link's token is stored.
  const stored = await db.all<{ token_hash: string }>('SELECT token_hash FROM email_tokens');
  assert.equal(stored.length, 1);
  assert.ok(!JSON.stringify(stored).includes(registration.confirmation.token));
  const confirmed = await confirmEmail(ctx, registration.confirmation.token, '192.0.2.1');
  assert.equal(confirmed.emailConfirmed, true);
  await signIn(ctx, 'marie@example.org', PASSWORD, null);
  await assert.rejects(confirmEmail(ctx, registration.confirmation.token, null), (e) => isAuthError(e, 'invalid-link'));
  assert.deepEqual((await listAudit(db)).map((e) => e.action).slice(0, 3), ['sign-in.succeeded', 'account.email-confirmed', 'account.registered']);
});

test('registering an address that has an account says so to the caller only, after the same work', async (t) => {
  const { ctx, db } = await setup(t);
  const existing = await user(ctx, 'taken@example.org');
  const again = await registerAccount(ctx, { email: 'TAKEN@example.org', displayName: 'Someone', password: PASSWORD }, null);
  assert.equal(again.kind, 'already-registered');
  assert.equal(again.user.id, existing.id);
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n, 1);
});

test('registering with a bad address, name or password is refused before anything is stored', async (t) => {
  const { ctx, db } = await setup(t);
  const bad = [
    [{ email: 'nope', displayName: 'A', password: PASSWORD }, 'invalid-email'],
    [{ email: 'a@example.org', displayName: '', password: PASSWORD }, 'invalid-display-name'],
    [{ email: 'a@example.org', displayName: 'A', password: 'short' }, 'password-too-short'],
    [{ email: 'a@example.org', displayName: 'A', password: 42 }, 'password-too-short'],
  ] as const;
  for (const [input, code] of bad) await assert.rejects(registerAccount(ctx, input, null), (e) => isAuthError(e, code), code);
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n, 0);
});

test('registrations from one network address are limited', async (t) => {
  const { ctx } = await setup(t);
  for (let i = 0; i < 10; i++) await registerAccount(ctx, { email: `bot${i}@example.org`, displayName: 'Bot', password: PASSWORD }, '192.0.2.9');
  await assert.rejects(
    registerAccount(ctx, { email: 'bot10@example.org', displayName: 'Bot', password: PASSWORD }, '192.0.2.9'),
    (e) => isAuthError(e, 'rate-limited'),
  );
});

test('a confirmation link expires after two days; a new one can be asked for and only the newest works', async (t) => {
  const { ctx, clock } = await setup(t);
  const registration = await registerAccount(ctx, { email: 'slow@example.org', displayName: 'Slow', password: PASSWORD }, null);
  assert.equal(registration.kind, 'created');
  if (registration.kind !== 'created') return;
  clock.advance(2 * DAY + 1);
  await assert.rejects(confirmEmail(ctx, registration.confirmation.token, null), (e) => isAuthError(e, 'invalid-link'));
  const first = await requestEmailConfirmation(ctx, registration.user.id, null);
  const second = await requestEmailConfirmation(ctx, registration.user.id, null);
  await assert.rejects(confirmEmail(ctx, first.token, null), (e) => isAuthError(e, 'invalid-link'));
  await confirmEmail(ctx, second.token, null);
  await assert.rejects(requestEmailConfirmation(ctx, registration.user.id, null), (e) => isAuthError(e, 'email-already-confirmed'));
});

test('made-up, malformed and hostile link tokens are refused', async (t) => {
  const { ctx } = await setup(t);
  for (const token of ['', 'x', 'A'.repeat(43), "' OR 1=1 --", 'A'.repeat(1_000_000), undefined, 7, { token: 'x' }]) {
    await assert.rejects(confirmEmail(ctx, token, null), (e) => isAuthError(e, 'invalid-link'));
    await assert.rejects(resetPassword(ctx, token, NEW_PASSWORD, null), (e) => isAuthError(e, 'invalid-link'));
  }
});

test('a password reset link sets a new password once, within the hour, and ends every session', async (t) => {
  const { ctx, db, clock } = await setup(t);
  const forgetful = await user(ctx, 'forgetful@example.org');
  const session = await startSession(ctx, forgetful.id, null);
  const request = await requestPasswordReset(ctx, 'Forgetful@example.org', '192.0.2.1');
  assert.ok(request);
  assert.equal(request.user.id, forgetful.id);
  assert.equal(request.expiresAt.getTime() - clock.ms, HOUR);
  // A weak password does not use up the link.
  await assert.rejects(resetPassword(ctx, request.token, 'weak', null), (e) => isAuthError(e, 'password-too-short'));
  await resetPassword(ctx, request.token, NEW_PASSWORD, null);
  assert.equal(await resolveSession(ctx, session.token), undefined);
  await signIn(ctx, 'forgetful@example.org', NEW_PASSWORD, null);
  await assert.rejects(signIn(ctx, 'forgetful@example.org', PASSWORD, null), (e) => isAuthError(e, 'invalid-credentials'));
  await assert.rejects(resetPassword(ctx, request.token, 'yet another passphrase', null), (e) => isAuthError(e, 'invalid-link'));

  const late = await requestPasswordReset(ctx, 'forgetful@example.org', null);
  clock.advance(HOUR + 1);
  await assert.rejects(resetPassword(ctx, late!.token, 'yet another passphrase', null), (e) => isAuthError(e, 'invalid-link'));
  assert.equal((await listAudit(db, { action: 'account.password-reset' })).length, 1);
});

test('a reset for an unknown or disabled account gives nothing to mail, the caller answers the same', async (t) => {
  const { ctx } = await setup(t);
  const disabled = await user(ctx, 'disabled@example.org');
  await setDisabled(ctx, OPERATOR, disabled.id, true);
  assert.equal(await requestPasswordReset(ctx, 'nobody@example.org', null), undefined);
  assert.equal(await requestPasswordReset(ctx, 'disabled@example.org', null), undefined);
  assert.equal(await requestPasswordReset(ctx, 'not an address', null), undefined);
});

test('reset mails for one account are limited to 3 an hour', async (t) => {
  const { ctx, clock } = await setup(t);
  await user(ctx, 'popular@example.org');
  for (let i = 0; i < 3; i++) assert.ok(await requestPasswordReset(ctx, 'popular@example.org', `192.0.2.${i}`));
  await assert.rejects(requestPasswordReset(ctx, 'popular@example.org', '192.0.2.50'), (e) => isAuthError(e, 'rate-limited'));
  clock.advance(HOUR + MINUTE);
  assert.ok(await requestPasswordReset(ctx, 'popular@example.org', '192.0.2.50'));
});

test('changing a password asks for the current one and ends the other sessions', async (t) => {
  const { ctx } = await setup(t);
  const me = await user(ctx, 'me@example.org');
  const here = await startSession(ctx, me.id, null);
  const elsewhere = await startSession(ctx, me.id, null);
  const hereId = (await resolveSession(ctx, here.token))!.sessionId;
  await assert.rejects(changePassword(ctx, me.id, 'not my password', NEW_PASSWORD, null, hereId), (e) => isAuthError(e, 'wrong-password'));
  await assert.rejects(changePassword(ctx, me.id, PASSWORD, 'short', null, hereId), (e) => isAuthError(e, 'password-too-short'));
  await changePassword(ctx, me.id, PASSWORD, NEW_PASSWORD, null, hereId);
  assert.ok(await resolveSession(ctx, here.token));
  assert.equal(await resolveSession(ctx, elsewhere.token), undefined);
  await signIn(ctx, 'me@example.org', NEW_PASSWORD, null);
});
