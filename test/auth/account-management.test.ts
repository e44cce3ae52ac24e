import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, findUserByEmail, getUser, hasActiveAdmin, listUsers, setDisabled, setRole } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { type Actor, OPERATOR } from '../../src/auth/context.js';
import { isAuthError } from '../../src/auth/errors.js';
import { resolveSession, startSession } from '../../src/auth/sessions.js';
import { setup, user } from './setup.js';

const as = (id: number): Actor => ({ kind: 'user', userId: id, ip: '192.0.2.1' });

test('the operator creates accounts of any role, confirmed, with or without a password', async (t) => {
  const { ctx, db } = await setup(t);
  assert.equal(await hasActiveAdmin(db), false);
  const admin = await createAccount(ctx, OPERATOR, { email: 'Boss@Example.org', role: 'admin' });
  assert.equal(admin.displayName, 'Boss');
  assert.equal(admin.emailConfirmed, true);
  assert.equal(admin.hasPassword, false);
  assert.equal(await hasActiveAdmin(db), true);
  await assert.rejects(createAccount(ctx, OPERATOR, { email: 'boss@example.ORG' }), (e) => isAuthError(e, 'email-taken'));
  const [entry] = await listAudit(db, { action: 'account.created' });
  assert.equal(entry?.actor, null);
  assert.deepEqual(entry?.details, { email: 'Boss@example.org', role: 'admin' });
});

test('admins create any account, maintainers up to maintainer, others none', async (t) => {
  const { ctx } = await setup(t);
  const admin = await user(ctx, 'admin@example.org', 'admin');
  const maintainer = await user(ctx, 'maintainer@example.org', 'maintainer');
  const writer = await user(ctx, 'writer@example.org', 'writer');
  await createAccount(ctx, as(admin.id), { email: 'a2@example.org', role: 'admin' });
  await createAccount(ctx, as(maintainer.id), { email: 'm2@example.org', role: 'maintainer' });
  await assert.rejects(createAccount(ctx, as(maintainer.id), { email: 'a3@example.org', role: 'admin' }), (e) => isAuthError(e, 'forbidden'));
  await assert.rejects(createAccount(ctx, as(writer.id), { email: 'c@example.org' }), (e) => isAuthError(e, 'forbidden'));
});

test('roles change within the rules, and the change is audited with both roles', async (t) => {
  const { ctx, db } = await setup(t);
  const admin = await user(ctx, 'admin@example.org', 'admin');
  const maintainer = await user(ctx, 'maintainer@example.org', 'maintainer');
  const other = await user(ctx, 'other-maintainer@example.org', 'maintainer');
  const contributor = await user(ctx, 'contributor@example.org');
  assert.equal((await setRole(ctx, as(maintainer.id), contributor.id, 'writer')).role, 'writer');
  await assert.rejects(setRole(ctx, as(maintainer.id), other.id, 'writer'), (e) => isAuthError(e, 'forbidden'));
  await assert.rejects(setRole(ctx, as(maintainer.id), contributor.id, 'admin'), (e) => isAuthError(e, 'forbidden'));
  await assert.rejects(setRole(ctx, as(contributor.id), contributor.id, 'maintainer'), (e) => isAuthError(e, 'forbidden'));
  assert.equal((await setRole(ctx, as(admin.id), other.id, 'writer')).role, 'writer');
  await assert.rejects(setRole(ctx, as(admin.id), 9999, 'writer'), (e) => isAuthError(e, 'user-not-found'));
  for (const role of ['root', "admin' --", '']) {
    await assert.rejects(setRole(ctx, as(admin.id), contributor.id, role as 'writer'), (e) => isAuthError(e, 'invalid-role'));
    await assert.rejects(createAccount(ctx, OPERATOR, { email: 'x@example.org', role: role as 'writer' }), (e) => isAuthError(e, 'invalid-role'));
  }
  const [entry] = await listAudit(db, { action: 'account.role-changed' });
  assert.deepEqual(entry?.details, { from: 'maintainer', to: 'writer' });
  assert.equal(entry?.actor?.email, 'admin@example.org');
  assert.equal(entry?.ip, '192.0.2.1');
});

test('the last active admin can be neither demoted nor disabled', async (t) => {
  const { ctx } = await setup(t);
  const admin = await user(ctx, 'admin@example.org', 'admin');
  await assert.rejects(setRole(ctx, OPERATOR, admin.id, 'maintainer'), (e) => isAuthError(e, 'last-admin'));
  await assert.rejects(setDisabled(ctx, OPERATOR, admin.id, true), (e) => isAuthError(e, 'last-admin'));
  const second = await user(ctx, 'second@example.org', 'admin');
  assert.equal((await setRole(ctx, as(second.id), admin.id, 'maintainer')).role, 'maintainer');
  await assert.rejects(setRole(ctx, as(second.id), second.id, 'writer'), (e) => isAuthError(e, 'last-admin'));
});

test('a disabled account loses its sessions at once and its actions are refused; it can be enabled again', async (t) => {
  const { ctx, db } = await setup(t);
  const admin = await user(ctx, 'admin@example.org', 'admin');
  const maintainer = await user(ctx, 'maintainer@example.org', 'maintainer');
  const writer = await user(ctx, 'writer@example.org', 'writer');
  const session = await startSession(ctx, maintainer.id, null);
  await assert.rejects(setDisabled(ctx, as(admin.id), admin.id, true), (e) => isAuthError(e, 'forbidden'), 'nobody disables themselves');
  await assert.rejects(setDisabled(ctx, as(writer.id), maintainer.id, true), (e) => isAuthError(e, 'forbidden'));
  assert.equal((await setDisabled(ctx, as(admin.id), maintainer.id, true)).disabled, true);
  assert.equal(await resolveSession(ctx, session.token), undefined);
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', [maintainer.id]))?.n, 0);
  // A disabled maintainer can no longer act, even with a handle obtained before.
  await assert.rejects(setRole(ctx, as(maintainer.id), writer.id, 'contributor'), (e) => isAuthError(e, 'forbidden'));
  assert.equal((await setDisabled(ctx, as(admin.id), maintainer.id, false)).disabled, false);
  assert.deepEqual((await listAudit(db, { target: `user:${maintainer.id}` })).map((e) => e.action).slice(0, 2), ['account.enabled', 'account.disabled']);
});

test('users are found by address in any case and listed in address order, by role', async (t) => {
  const { ctx, db } = await setup(t);
  const b = await user(ctx, 'b@example.org', 'writer');
  await user(ctx, 'a@example.org');
  await user(ctx, 'C@example.org', 'writer');
  assert.equal((await findUserByEmail(db, 'B@EXAMPLE.ORG'))?.id, b.id);
  assert.equal((await getUser(db, b.id))?.email, 'b@example.org');
  assert.equal(await getUser(db, 424242), undefined);
  assert.deepEqual((await listUsers(db)).map((u) => u.email), ['a@example.org', 'b@example.org', 'C@example.org']);
  assert.deepEqual((await listUsers(db, { role: 'writer' })).map((u) => u.email), ['b@example.org', 'C@example.org']);
  assert.deepEqual((await listUsers(db, { limit: 1, offset: 1 })).map((u) => u.email), ['b@example.org']);
  assert.equal((await listUsers(db, { limit: -5 })).length, 1);
  // The password hash never leaves the module.
  assert.ok(!('passwordHash' in b) && !('password_hash' in b));
});

test('two accounts with the same address cannot be made at once', async (t) => {
  const { ctx, db } = await setup(t);
  const results = await Promise.allSettled(Array.from({ length: 5 }, () => createAccount(ctx, OPERATOR, { email: 'race@example.org' })));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.ok(results.every((r) => r.status === 'fulfilled' || isAuthError(r.reason, 'email-taken')));
  assert.equal((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n, 1);
});
