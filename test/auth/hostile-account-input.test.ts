import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailAddress, parseEmailAddress } from '../../src/auth/email-address.js';
import { cleanBlock, cleanLine, displayName } from '../../src/auth/user-text.js';
import { isAuthError } from '../../src/auth/errors.js';
import { findUserByEmail } from '../../src/auth/accounts.js';
import { setup, user } from './setup.js';

test('addresses are kept in one canonical ASCII form with a lower-case key', () => {
  assert.deepEqual(parseEmailAddress('  Jeanne.Dupont@Numerique.Gouv.FR '), { address: 'Jeanne.Dupont@numerique.gouv.fr', key: 'jeanne.dupont@numerique.gouv.fr' });
  assert.equal(parseEmailAddress("o'brien+wiki@example.org")?.key, "o'brien+wiki@example.org");
  assert.equal(parseEmailAddress('admin@localhost')?.key, 'admin@localhost');
  // An accented domain becomes its IDNA form.
  assert.equal(parseEmailAddress('contact@école.fr')?.address, 'contact@xn--cole-9oa.fr');
});

test('look-alike addresses are either the same account or visibly different', () => {
  const latin = parseEmailAddress('admin@example.org')!;
  // Full-width letters fold to ASCII (NFKC): the same account, not a second one that looks the same.
  assert.equal(parseEmailAddress('ａｄｍｉｎ@ｅｘａｍｐｌｅ.org')?.key, latin.key);
  // A soft hyphen hidden in the domain is dropped by IDNA mapping.
  assert.equal(parseEmailAddress('admin@exam\u00adple.org')?.key, latin.key);
  // Cyrillic "а" in the domain: a different, visibly different address.
  assert.equal(parseEmailAddress('admin@ex\u0430mple.org')?.address, 'admin@xn--exmple-4nf.org');
  // Cyrillic "а" in the local part: refused (local parts are ASCII).
  assert.equal(parseEmailAddress('\u0430dmin@example.org'), undefined);
  // Zero-width and bidi characters: refused.
  assert.equal(parseEmailAddress('ad\u200bmin@example.org'), undefined);
  assert.equal(parseEmailAddress('admin\u202e@example.org'), undefined);
});

test('malformed, huge and injection-looking addresses are refused with a readable error', () => {
  const hostile: unknown[] = [
    '', '@', 'a@', '@b.fr', 'no-at-sign', 'a@b@c.fr', 'a..b@c.fr', '.a@c.fr', 'a.@c.fr', 'a@-b.fr', 'a@b..fr', 'a@b.123',
    '"quoted"@example.org', 'a b@example.org', 'a@[127.0.0.1]', 'a@b.fr\r\nBcc: victim@example.org',
    "x'; DROP TABLE users; --@example.org", 'x@example.org; DROP TABLE users',
    `${'a'.repeat(65)}@example.org`, `a@${'b'.repeat(64)}.fr`, `a@${'b.'.repeat(130)}fr`, 'a'.repeat(1_000_000) + '@example.org',
    undefined, null, 42, ['a@b.fr'], { toString: () => 'a@b.fr' },
  ];
  for (const input of hostile) {
    assert.equal(parseEmailAddress(input), undefined, String(input).slice(0, 40));
    assert.throws(() => emailAddress(input), (e) => isAuthError(e, 'invalid-email') && e.fr !== '' && e.en !== '');
  }
});

test('display names are one line of visible text, bounded', () => {
  assert.equal(displayName('  Jeanne   Dupont '), 'Jeanne Dupont');
  assert.equal(displayName('Jeanne \u0301'.normalize('NFD')), 'Jeanne \u0301'.normalize('NFC'));
  assert.equal(displayName("Robert'); DROP TABLE users; --"), "Robert'); DROP TABLE users; --");
  for (const bad of ['', '   ', 'a\nBcc: x@y.fr', 'a\rb', 'a\u0000b', 'evil\u202eexe.txt', 'x'.repeat(101), 'x'.repeat(1_000_000), 12, null]) {
    assert.throws(() => displayName(bad), (e) => isAuthError(e, 'invalid-display-name'), String(bad).slice(0, 20));
  }
});

test('messages keep their lines, lose control characters, and are bounded', () => {
  assert.equal(cleanBlock('Bonjour,\r\nje voudrais\u0007 contribuer.\r\n', 100), 'Bonjour,\nje voudrais contribuer.');
  assert.equal(cleanBlock('x'.repeat(101), 100), undefined);
  assert.equal(cleanBlock(undefined, 100), undefined);
  assert.equal(cleanLine('tab\tseparated', 100), 'tab separated');
});

test('look-ups by hostile addresses find nothing and break nothing', async (t) => {
  const { ctx, db } = await setup(t);
  await user(ctx, 'admin@example.org', 'admin');
  for (const probe of ["' OR '1'='1", "admin@example.org' --", '%', '_@example.org', '*', 'a'.repeat(100_000)]) {
    assert.equal(await findUserByEmail(db, probe), undefined, probe.slice(0, 20));
  }
  assert.equal((await findUserByEmail(db, 'ADMIN@EXAMPLE.ORG'))?.email, 'admin@example.org');
  assert.equal((await findUserByEmail(db, 'ａｄｍｉｎ@example.org'))?.email, 'admin@example.org');
  assert.equal(await findUserByEmail(db, 'admin@ex\u0430mple.org'), undefined);
});
