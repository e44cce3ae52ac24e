import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressSubject, clearAttempts, forgetAttempts, reserveAttempt } from '../../src/auth/rate-limit.js';
import { MINUTE, setup } from './setup.js';

test('network addresses are grouped as an attacker holds them', () => {
  assert.equal(addressSubject('192.0.2.1'), '192.0.2.1');
  assert.equal(addressSubject(' 192.0.2.1 '), '192.0.2.1');
  assert.equal(addressSubject('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(addressSubject('::ffff:c000:201'), '192.0.2.1');
  assert.equal(addressSubject('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
  assert.equal(addressSubject('2001:DB8:1:2::99'), '2001:db8:1:2::/64');
  assert.equal(addressSubject('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(addressSubject('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(addressSubject('::1'), '0:0:0:0::/64');
  assert.equal(addressSubject('::'), '0:0:0:0::/64');
  assert.equal(addressSubject('1::'), '1:0:0:0::/64');
  assert.equal(addressSubject('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  assert.equal(addressSubject(null), 'unknown');
  assert.equal(addressSubject(''), 'unknown');
  for (const junk of ['not an ip', '999.1.1.1', "1.1.1.1' OR 1=1", 'x'.repeat(100_000)]) assert.equal(addressSubject(junk), 'invalid');
});

test('an attempt is refused once the window holds the maximum; waiting frees it; nothing is counted when refused', async (t) => {
  const { db, clock } = await setup(t);
  const check = { bucket: 'test', subject: 'someone', limit: { max: 3, windowMs: 10 * MINUTE } };
  for (let i = 0; i < 3; i++) {
    assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
    clock.advance(MINUTE);
  }
  const refused = await reserveAttempt(db, [check], clock.now());
  assert.deepEqual(refused, { ok: false, retryAfterSeconds: 7 * 60 });
  clock.advance(7 * MINUTE + 1);
  assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
  assert.equal((await reserveAttempt(db, [check], clock.now())).ok, false);
});

test('with a backoff, attempts past the maximum wait longer each time instead of stopping for the window', async (t) => {
  const { db, clock } = await setup(t);
  const check = { bucket: 'test', subject: 'slow', limit: { max: 2, windowMs: 60 * MINUTE, backoff: { firstDelayMs: 10_000, maxDelayMs: 40_000 } } };
  for (let i = 0; i < 2; i++) assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    const refused = await reserveAttempt(db, [check], clock.now());
    assert.equal(refused.ok, false);
    if (refused.ok) return;
    waits.push(refused.retryAfterSeconds);
    clock.advance(refused.retryAfterSeconds * 1000);
    assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
  }
  assert.deepEqual(waits, [10, 20, 40, 40, 40]);
  // Once the window has forgotten the attempts, the free ones come back.
  clock.advance(60 * MINUTE);
  assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
  assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
});

test('forgotten and cleared attempts no longer count; subjects are stored hashed', async (t) => {
  const { db, clock } = await setup(t);
  const check = { bucket: 'test', subject: 'alice@example.org', limit: { max: 1, windowMs: MINUTE } };
  const first = await reserveAttempt(db, [check], clock.now());
  assert.ok(first.ok);
  assert.ok(!JSON.stringify(await db.all('SELECT * FROM rate_limit_hits')).includes('alice'));
  await forgetAttempts(db, first.hitIds);
  assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
  await clearAttempts(db, 'test', 'alice@example.org');
  assert.equal((await reserveAttempt(db, [check], clock.now())).ok, true);
});

test('when any of several limits is reached, none is counted', async (t) => {
  const { db, clock } = await setup(t);
  const narrow = { bucket: 'a', subject: 'x', limit: { max: 1, windowMs: MINUTE } };
  const wide = { bucket: 'b', subject: 'x', limit: { max: 100, windowMs: MINUTE } };
  await reserveAttempt(db, [narrow, wide], clock.now());
  for (let i = 0; i < 5; i++) assert.equal((await reserveAttempt(db, [narrow, wide], clock.now())).ok, false);
  assert.equal((await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM rate_limit_hits WHERE bucket = 'b'"))?.n, 1);
});

test('old attempts are deleted, so the table does not grow forever', async (t) => {
  const { db, clock } = await setup(t);
  for (let i = 0; i < 50; i++) await reserveAttempt(db, [{ bucket: 'x', subject: String(i), limit: { max: 5, windowMs: MINUTE } }], clock.now());
  clock.advance(25 * 60 * MINUTE);
  await reserveAttempt(db, [{ bucket: 'x', subject: 'late', limit: { max: 5, windowMs: MINUTE } }], clock.now());
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM rate_limit_hits'))?.n, 1);
});

test('limits that make no sense are refused', async (t) => {
  const { db, clock } = await setup(t);
  const limits = [
    { max: 0, windowMs: MINUTE },
    { max: 1, windowMs: 0 },
    { max: 1, windowMs: 48 * 60 * MINUTE },
    { max: 1, windowMs: MINUTE, backoff: { firstDelayMs: 0, maxDelayMs: 1 } },
    { max: 1, windowMs: MINUTE, backoff: { firstDelayMs: 10, maxDelayMs: 5 } },
  ];
  for (const limit of limits) {
    await assert.rejects(reserveAttempt(db, [{ bucket: 'x', subject: 'y', limit }], clock.now()), RangeError);
  }
});
