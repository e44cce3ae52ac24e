import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptNewPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordHasher,
  RECOMMENDED_SCRYPT_COST,
} from '../../src/auth/passwords.js';
import { isAuthError } from '../../src/auth/errors.js';
import { TEST_SCRYPT_COST } from './setup.js';

const hasher = passwordHasher(TEST_SCRYPT_COST);

test('production uses the OWASP scrypt cost (N=2^17, r=8, p=1)', () => {
  assert.deepEqual(RECOMMENDED_SCRYPT_COST, { N: 131072, r: 8, p: 1 });
  assert.deepEqual(passwordHasher().cost, RECOMMENDED_SCRYPT_COST);
});

test('a hash at the recommended cost is made and verified (maxmem is set high enough)', async () => {
  const strong = passwordHasher();
  const encoded = await strong.hash('un mot de passe assez long');
  assert.match(encoded, /^scrypt\$131072\$8\$1\$/);
  assert.equal(await strong.verify('un mot de passe assez long', encoded), true);
});

test('a hash describes itself, is salted, and verifies only its password', async () => {
  const a = await hasher.hash('mot de passe très secret');
  const b = await hasher.hash('mot de passe très secret');
  assert.match(a, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b);
  assert.equal(await hasher.verify('mot de passe très secret', a), true);
  assert.equal(await hasher.verify('mot de passe très secreT', a), false);
  assert.equal(await hasher.verify('', a), false);
});

test('the same password typed with composed or decomposed accents verifies', async () => {
  const encoded = await hasher.hash('caf\u00e9 cr\u00e8me br\u00fbl\u00e9e');
  assert.equal(await hasher.verify('cafe\u0301 cre\u0300me bru\u0302le\u0301e', encoded), true);
});

test('a hash made at another cost still verifies and asks to be redone', async () => {
  const old = passwordHasher({ N: 2 ** 9, r: 8, p: 1 });
  const encoded = await old.hash('ancien mot de passe');
  assert.equal(await hasher.verify('ancien mot de passe', encoded), true);
  assert.equal(hasher.needsRehash(encoded), true);
  assert.equal(hasher.needsRehash(await hasher.hash('x')), false);
});

test('malformed or tampered stored values verify as false instead of throwing or costing gigabytes', async () => {
  const good = await hasher.hash('password one two');
  const hostile = [
    '',
    'plain text password',
    'scrypt$',
    good.replace('$1024$', '$1000$'), // not a power of two
    good.replace('$1024$', '$1073741824$'), // 2^30: a memory bomb
    good.replace('$8$1$', '$8$99$'),
    good.slice(0, -10),
    `${good}$extra`,
    good.replace(/\$[^$]+$/, '$' + 'A'.repeat(100_000)),
    "scrypt$1024$8$1$'; DROP TABLE users; --$x",
  ];
  for (const encoded of hostile) {
    assert.equal(await hasher.verify('password one two', encoded), false, encoded.slice(0, 40));
    assert.equal(hasher.needsRehash(encoded), true);
  }
});

test('the dummy check for unknown accounts does the work and never succeeds', async () => {
  assert.equal(await hasher.verifyDummy('anything at all'), false);
});

test('new passwords need a minimum length, have a maximum, and need no composition rules', () => {
  assert.equal(acceptNewPassword('a'.repeat(PASSWORD_MIN_LENGTH)), 'a'.repeat(PASSWORD_MIN_LENGTH));
  assert.throws(() => acceptNewPassword('a'.repeat(PASSWORD_MIN_LENGTH - 1)), (e) => isAuthError(e, 'password-too-short'));
  // Counted in characters, not UTF-16 units: 12 emoji are 12 characters.
  assert.equal(acceptNewPassword('🔑'.repeat(12)).length, 24);
  assert.throws(() => acceptNewPassword('🔑'.repeat(11)), (e) => isAuthError(e, 'password-too-short'));
  assert.throws(() => acceptNewPassword('a'.repeat(PASSWORD_MAX_LENGTH + 1)), (e) => isAuthError(e, 'password-too-long'));
  assert.throws(() => acceptNewPassword('a'.repeat(10_000_000)), (e) => isAuthError(e, 'password-too-long'));
  assert.throws(() => acceptNewPassword(undefined), (e) => isAuthError(e, 'password-too-short'));
  assert.throws(() => acceptNewPassword({ length: 20 }), (e) => isAuthError(e, 'password-too-short'));
});

test('an unacceptable configured cost is refused at start', () => {
  assert.throws(() => passwordHasher({ N: 1000, r: 8, p: 1 }), RangeError);
  assert.throws(() => passwordHasher({ N: 2 ** 24, r: 8, p: 1 }), RangeError);
});
