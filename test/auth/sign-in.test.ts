import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerAccount, setDisabled, signIn } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { authContext, OPERATOR } from '../../src/auth/context.js';
import { type AuthError, isAuthError } from '../../src/auth/errors.js';
import { deviceCookie } from '../../src/auth/known-devices.js';
import { passwordHasher } from '../../src/auth/passwords.js';
import { MINUTE, PASSWORD, setup, TEST_SCRYPT_COST, user } from './setup.js';

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    if (isAuthError(error)) return error;
    throw error;
  }
  assert.fail('expected an error');
}

test('the right address and password sign in, in any letter case, and the sign-in is audited', async (t) => {
  const { ctx, db } = await setup(t);
  const jeanne = await user(ctx, 'Jeanne.Dupont@example.org');
  const signedIn = await signIn(ctx, 'jeanne.dupont@EXAMPLE.org', PASSWORD, '192.0.2.1');
  assert.equal(signedIn.id, jeanne.id);
  const [entry] = await listAudit(db, { action: 'sign-in.succeeded' });
  assert.equal(entry?.actor?.id, jeanne.id);
  assert.equal(entry?.ip, '192.0.2.1');
});

test('unknown account, wrong password and password-less account get the very same error', async (t) => {
  const { ctx, db } = await setup(t);
  await user(ctx, 'known@example.org');
  await user(ctx, 'oidc-only@example.org', 'contributor', undefined);
  const errors = [
    await failure(signIn(ctx, 'unknown@example.org', PASSWORD, '192.0.2.1')),
    await failure(signIn(ctx, 'known@example.org', 'wrong password here', '192.0.2.1')),
    await failure(signIn(ctx, 'oidc-only@example.org', '', '192.0.2.1')),
    await failure(signIn(ctx, 'not an address', PASSWORD, '192.0.2.1')),
  ];
  for (const error of errors) {
    assert.equal(error.code, 'invalid-credentials');
    assert.equal(error.fr, errors[0]!.fr);
    assert.equal(error.en, errors[0]!.en);
  }
  assert.equal((await listAudit(db, { action: 'sign-in.failed' })).length, 4);
});

test('a stranger guessing from one address slows down only that address: the owner signs in from elsewhere', async (t) => {
  const { ctx, clock } = await setup(t);
  await user(ctx, 'target@example.org');
  for (let i = 0; i < 5; i++) {
    assert.equal((await failure(signIn(ctx, 'target@example.org', `guess number ${i}`, '203.0.113.66'))).code, 'invalid-credentials');
  }
  const slowed = await failure(signIn(ctx, 'TARGET@example.org', PASSWORD, '203.0.113.66'));
  assert.equal(slowed.code, 'rate-limited');
  assert.equal(slowed.retryAfterSeconds, 15);
  assert.equal((await signIn(ctx, 'target@example.org', PASSWORD, '198.51.100.7')).email, 'target@example.org');
  clock.advance(15 * 1000);
  await failure(signIn(ctx, 'target@example.org', 'guess number 5', '203.0.113.66'));
  // Each further failure doubles the wait: 30 s, then 1 min…
  assert.equal((await failure(signIn(ctx, 'target@example.org', PASSWORD, '203.0.113.66'))).retryAfterSeconds, 30);
  clock.advance(30 * 1000);
  await failure(signIn(ctx, 'target@example.org', 'guess number 6', '203.0.113.66'));
  assert.equal((await failure(signIn(ctx, 'target@example.org', PASSWORD, '203.0.113.66'))).retryAfterSeconds, 60);
});

test('guesses spread over many addresses slow the account down for unknown browsers, never for the owner’s browser', async (t) => {
  const { ctx } = await setup(t);
  const owner = await user(ctx, 'owner@example.org');
  // The owner signed in from this browser once: it holds the device cookie.
  const cookie = deviceCookie(ctx.secret, undefined, owner.email.toLowerCase());
  for (let i = 0; i < 40; i++) await failure(signIn(ctx, 'owner@example.org', `botnet guess ${i}`, `192.0.2.${i}`));
  assert.equal((await failure(signIn(ctx, 'owner@example.org', PASSWORD, '198.51.100.7'))).code, 'rate-limited');
  assert.equal((await signIn(ctx, 'owner@example.org', PASSWORD, '198.51.100.7', cookie)).id, owner.id);
  // Even from an address that guessed itself, even after own typos.
  for (let i = 0; i < 3; i++) await failure(signIn(ctx, 'owner@example.org', 'a typo of mine', '192.0.2.1', cookie));
  assert.equal((await signIn(ctx, 'owner@example.org', PASSWORD, '192.0.2.1', cookie)).id, owner.id);
});

test('a device cookie counts only for the account it was made for, and cannot be forged', async (t) => {
  const { ctx } = await setup(t);
  await user(ctx, 'owner@example.org');
  await user(ctx, 'other@example.org');
  const mine = deviceCookie(ctx.secret, undefined, 'other@example.org');
  const [device] = mine.split('.');
  const forged = [mine, `${device}.${'A'.repeat(43)}`, `${device}`, `${device}..x`, 'x'.repeat(10_000), '.', ''];
  for (let i = 0; i < 40; i++) await failure(signIn(ctx, 'owner@example.org', `botnet guess ${i}`, `192.0.2.${i}`));
  for (const cookie of forged) {
    assert.equal((await failure(signIn(ctx, 'owner@example.org', PASSWORD, '198.51.100.7', cookie))).code, 'rate-limited', cookie.slice(0, 50));
  }
  assert.equal(deviceCookie(ctx.secret, mine, 'owner@example.org').split('.')[0], device, 'the browser keeps its device name');
});

test('an unknown address is slowed down exactly like a known one, so the limit reveals nothing', async (t) => {
  const { ctx } = await setup(t);
  await user(ctx, 'someone@example.org');
  for (let i = 0; i < 5; i++) {
    await failure(signIn(ctx, 'nobody@example.org', 'guess guess guess', '192.0.2.1'));
    await failure(signIn(ctx, 'someone@example.org', 'guess guess guess', '192.0.2.2'));
  }
  const unknown = await failure(signIn(ctx, 'nobody@example.org', 'guess guess guess', '192.0.2.1'));
  const known = await failure(signIn(ctx, 'someone@example.org', 'guess guess guess', '192.0.2.2'));
  assert.deepEqual([unknown.code, unknown.retryAfterSeconds], [known.code, known.retryAfterSeconds]);
});

test('a successful sign-in forgets the earlier failures of that client', async (t) => {
  const { ctx } = await setup(t);
  await user(ctx, 'forgetful@example.org');
  for (let i = 0; i < 4; i++) await failure(signIn(ctx, 'forgetful@example.org', 'typo typo typo', '192.0.2.1'));
  await signIn(ctx, 'forgetful@example.org', PASSWORD, '192.0.2.1');
  for (let i = 0; i < 4; i++) {
    assert.equal((await failure(signIn(ctx, 'forgetful@example.org', 'typo typo typo', '192.0.2.1'))).code, 'invalid-credentials');
  }
});

test('one network address spraying many accounts is slowed down; others are not affected; an IPv6 /64 counts as one', async (t) => {
  const { ctx } = await setup(t);
  await user(ctx, 'victim@example.org');
  for (let i = 0; i < 50; i++) await failure(signIn(ctx, `spray${i}@example.org`, 'Password2026!', '2001:db8:1:2::' + i.toString(16)));
  assert.equal((await failure(signIn(ctx, 'victim@example.org', PASSWORD, '2001:db8:1:2:ffff::1'))).code, 'rate-limited');
  assert.equal((await signIn(ctx, 'victim@example.org', PASSWORD, '2001:db8:1:3::1')).email, 'victim@example.org');
  assert.equal((await signIn(ctx, 'victim@example.org', PASSWORD, '192.0.2.1')).email, 'victim@example.org');
});

test('a burst of parallel guesses is counted before the passwords are checked: no more than 5 get checked', async (t) => {
  const { ctx } = await setup(t);
  await user(ctx, 'burst@example.org');
  const results = await Promise.all(
    Array.from({ length: 30 }, () => failure(signIn(ctx, 'burst@example.org', 'parallel guess', '192.0.2.1'))),
  );
  assert.equal(results.filter((e) => e.code === 'invalid-credentials').length, 5);
  assert.equal(results.filter((e) => e.code === 'rate-limited').length, 25);
});

test('limits are configurable', async (t) => {
  const { ctx } = await setup(t, { limits: { signInPerClient: { max: 2, windowMs: MINUTE } } });
  await failure(signIn(ctx, 'a@example.org', 'x', null));
  await failure(signIn(ctx, 'a@example.org', 'x', null));
  assert.equal((await failure(signIn(ctx, 'a@example.org', 'x', null))).code, 'rate-limited');
});

test('a disabled account is told so only when the password is right', async (t) => {
  const { ctx } = await setup(t);
  const gone = await user(ctx, 'gone@example.org');
  await setDisabled(ctx, OPERATOR, gone.id, true);
  assert.equal((await failure(signIn(ctx, 'gone@example.org', 'wrong wrong wrong', null))).code, 'invalid-credentials');
  assert.equal((await failure(signIn(ctx, 'gone@example.org', PASSWORD, null))).code, 'account-disabled');
});

test('a self-registered account signs in only once its address is confirmed', async (t) => {
  const { ctx } = await setup(t);
  await registerAccount(ctx, { email: 'new@example.org', displayName: 'Nouvelle', password: PASSWORD }, null);
  assert.equal((await failure(signIn(ctx, 'new@example.org', 'wrong wrong wrong', null))).code, 'invalid-credentials');
  assert.equal((await failure(signIn(ctx, 'new@example.org', PASSWORD, null))).code, 'email-not-confirmed');
});

test('a password hashed at an older cost is rehashed at sign-in', async (t) => {
  const { ctx, db } = await setup(t);
  const legacy = authContext(db, { scryptCost: { N: 2 ** 8, r: 8, p: 1 }, now: ctx.now });
  const old = await user(legacy, 'old@example.org');
  const before = (await db.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [old.id]))!.password_hash;
  assert.match(before, /^scrypt\$256\$/);
  await signIn(ctx, 'old@example.org', PASSWORD, null);
  const after = (await db.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [old.id]))!.password_hash;
  assert.equal(passwordHasher(TEST_SCRYPT_COST).needsRehash(after), false);
  await signIn(ctx, 'old@example.org', PASSWORD, null);
});

test('hostile sign-in input is refused like a wrong password, never as a crash', async (t) => {
  const { ctx, db } = await setup(t, { limits: { signInPerAddress: { max: 1000, windowMs: MINUTE } } });
  await user(ctx, 'admin@example.org', 'admin');
  const inputs: [unknown, unknown][] = [
    ["admin@example.org' --", 'x'],
    ["' OR 1=1 --", "' OR 1=1 --"],
    ['admin@example.org', { $ne: null }],
    [['admin@example.org'], PASSWORD],
    [undefined, undefined],
    ['a'.repeat(1_000_000), PASSWORD],
    ['admin@example.org', 'p'.repeat(1_000_000)],
    ['\u0430dmin@example.org', PASSWORD], // Cyrillic look-alike of the admin's address
  ];
  for (const [email, password] of inputs) {
    assert.equal((await failure(signIn(ctx, email, password, '192.0.2.1'))).code, 'invalid-credentials', String(email).slice(0, 30));
  }
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n, 1);
});
