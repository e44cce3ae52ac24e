import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setRole, setDisabled } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { OPERATOR } from '../../src/auth/context.js';
import { checkCsrf, csrfToken } from '../../src/auth/csrf.js';
import { isAuthError } from '../../src/auth/errors.js';
import { loadServerSecret, SECRET_FILE_NAME, serverSecretOf } from '../../src/auth/secret.js';
import { endSession, endUserSessions, resolveSession, startSession } from '../../src/auth/sessions.js';
import { DAY, MINUTE, setup, user } from './setup.js';

test('a session token is random, stored only as its hash, and resolves to its user', async (t) => {
  const { ctx, db } = await setup(t);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const a = await startSession(ctx, jeanne.id, '192.0.2.1');
  const b = await startSession(ctx, jeanne.id, '192.0.2.1');
  assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.token, b.token);
  const rows = await db.all<{ token_hash: string; ip: string }>('SELECT token_hash, ip FROM sessions');
  assert.equal(rows.length, 2);
  assert.ok(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash) && row.token_hash !== a.token && row.ip === '192.0.2.1'));
  const resolved = await resolveSession(ctx, a.token);
  assert.equal(resolved?.user.id, jeanne.id);
  assert.equal(resolved?.renewed, false);
});

test('signing in rotates the token: the one the browser had before stops working', async (t) => {
  const { ctx } = await setup(t);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const planted = await startSession(ctx, jeanne.id, null);
  const fresh = await startSession(ctx, jeanne.id, null, planted.token);
  assert.equal(await resolveSession(ctx, planted.token), undefined);
  assert.ok(await resolveSession(ctx, fresh.token));
});

test('a session expires after 14 idle days, slides forward when used, and ends after 90 days in any case', async (t) => {
  const { ctx, clock } = await setup(t);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const idle = await startSession(ctx, jeanne.id, null);
  assert.equal(idle.expiresAt.getTime(), clock.ms + 14 * DAY);
  const busy = await startSession(ctx, jeanne.id, null);
  // Used every 10 days: stays alive past 14 days…
  for (let day = 10; day < 90; day += 10) {
    clock.advance(10 * DAY);
    const resolved = await resolveSession(ctx, busy.token);
    assert.ok(resolved, `day ${day}`);
    assert.equal(resolved.renewed, true);
  }
  // …the idle one did not.
  assert.equal(await resolveSession(ctx, idle.token), undefined);
  clock.advance(9 * DAY);
  assert.ok(await resolveSession(ctx, busy.token), 'day 89');
  clock.advance(DAY);
  assert.equal(await resolveSession(ctx, busy.token), undefined, 'day 90');
});

test('the expiry moves at most every few minutes, so ordinary requests write nothing', async (t) => {
  const { ctx, clock } = await setup(t);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const session = await startSession(ctx, jeanne.id, null);
  clock.advance(MINUTE);
  assert.equal((await resolveSession(ctx, session.token))?.renewed, false);
  clock.advance(5 * MINUTE);
  const renewed = await resolveSession(ctx, session.token);
  assert.equal(renewed?.renewed, true);
  assert.equal(renewed?.expiresAt.getTime(), clock.ms + 14 * DAY);
});

test("a role change is seen on the next request; a disabled user's session does not resolve", async (t) => {
  const { ctx } = await setup(t);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const session = await startSession(ctx, jeanne.id, null);
  await setRole(ctx, OPERATOR, jeanne.id, 'writer');
  assert.equal((await resolveSession(ctx, session.token))?.user.role, 'writer');
  await ctx.db.run('UPDATE users SET disabled = 1 WHERE id = ?', [jeanne.id]);
  assert.equal(await resolveSession(ctx, session.token), undefined);
  await setDisabled(ctx, OPERATOR, jeanne.id, false);
});

test('signing out ends that session only, and is audited', async (t) => {
  const { ctx, db } = await setup(t);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const a = await startSession(ctx, jeanne.id, null);
  const b = await startSession(ctx, jeanne.id, null);
  await endSession(ctx, a.token, '192.0.2.1');
  await endSession(ctx, a.token, '192.0.2.1');
  assert.equal(await resolveSession(ctx, a.token), undefined);
  assert.ok(await resolveSession(ctx, b.token));
  assert.equal((await listAudit(db, { action: 'session.ended' })).length, 1);
  assert.equal(await endUserSessions(db, jeanne.id), 1);
  assert.equal(await resolveSession(ctx, b.token), undefined);
});

test('missing, malformed and hostile cookies resolve to nobody', async (t) => {
  const { ctx } = await setup(t);
  for (const token of [undefined, '', 'x', "' OR 1=1 --", 'A'.repeat(43), 'A'.repeat(44), 'é'.repeat(43), 'A'.repeat(1_000_000)]) {
    assert.equal(await resolveSession(ctx, token), undefined);
    await endSession(ctx, token, null);
  }
});

test('the server secret is made once, readable by its owner only, and refused when others can read it', async (t) => {
  const { dataDir } = await setup(t);
  const [first, second] = await Promise.all([loadServerSecret(dataDir), loadServerSecret(dataDir)]);
  const file = join(dataDir, SECRET_FILE_NAME);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(readFileSync(file).length, 32);
  assert.equal(first.hmac('x', 'y').toString('hex'), second.hmac('x', 'y').toString('hex'));
  assert.equal(JSON.stringify({ first }), '{"first":"[server secret]"}');
  assert.equal(`${first}`, '[server secret]');
  chmodSync(file, 0o644);
  await assert.rejects(loadServerSecret(dataDir), (e) => isAuthError(e, 'secret-unsafe') && e.en.includes('chmod 600'));
  chmodSync(file, 0o600);
  writeFileSync(file, 'short');
  await assert.rejects(loadServerSecret(dataDir), (e) => isAuthError(e, 'secret-unsafe'));
});

test('instances on one PostgreSQL database share their secret; on SQLite each data folder has its own', async (t) => {
  const { db, dataDir } = await setup(t);
  const { dataDir: elsewhere } = await setup(t);
  const [here, there] = await Promise.all([serverSecretOf(db, dataDir), serverSecretOf(db, elsewhere)]);
  const same = here.hmac('csrf', 'x').equals(there.hmac('csrf', 'x'));
  assert.equal(same, db.dialect === 'postgres');
  assert.ok((await serverSecretOf(db, dataDir)).hmac('csrf', 'x').equals(here.hmac('csrf', 'x')), 'the secret stays the same');
});

test('a CSRF token belongs to its session and its server', async (t) => {
  const { ctx, dataDir } = await setup(t);
  const secret = await loadServerSecret(dataDir);
  const jeanne = await user(ctx, 'jeanne@example.org');
  const session = await startSession(ctx, jeanne.id, null);
  const other = await startSession(ctx, jeanne.id, null);
  const token = csrfToken(secret, session.token);
  assert.equal(token, csrfToken(secret, session.token));
  assert.equal(checkCsrf(secret, session.token, token), true);
  assert.equal(checkCsrf(secret, other.token, token), false);
  assert.equal(checkCsrf(secret, undefined, token), false);
  for (const sent of [undefined, '', token.slice(1), `${token}x`, token.toUpperCase(), 42, [token], 'A'.repeat(1_000_000)]) {
    assert.equal(checkCsrf(secret, session.token, sent), false, String(sent).slice(0, 20));
  }
  const { dataDir: elsewhere } = await setup(t);
  assert.equal(checkCsrf(await loadServerSecret(elsewhere), session.token, token), false);
});
