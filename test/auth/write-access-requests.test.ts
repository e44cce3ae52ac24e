import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  grantAccess,
  latestRequestOf,
  listPendingRequests,
  refuseAccess,
  requestWriteAccess,
} from '../../src/auth/access-requests.js';
import { getUser, setDisabled } from '../../src/auth/accounts.js';
import { listAudit } from '../../src/auth/audit.js';
import { type Actor, OPERATOR } from '../../src/auth/context.js';
import { isAuthError } from '../../src/auth/errors.js';
import { bilingualMail } from '../../src/auth/notifications.js';
import { setup, user } from './setup.js';

const as = (id: number, ip: string | null = '192.0.2.7'): Actor => ({ kind: 'user', userId: id, ip });

async function team(t: Parameters<typeof setup>[0]) {
  const s = await setup(t);
  const admin = await user(s.ctx, 'admin@example.org', 'admin');
  const maintainer = await user(s.ctx, 'maintainer@example.org', 'maintainer');
  const away = await user(s.ctx, 'away@example.org', 'maintainer');
  await setDisabled(s.ctx, OPERATOR, away.id, true);
  const contributor = await user(s.ctx, 'claire@example.org');
  return { ...s, admin, maintainer, contributor };
}

test('asking for write access notifies every active maintainer and admin, in French and English', async (t) => {
  const { ctx, db, contributor } = await team(t);
  const { request, notifications } = await requestWriteAccess(ctx, contributor.id, "Je maintiens la page « Outils ».\r\nMerci !", '192.0.2.3');
  assert.equal(request.state, 'pending');
  assert.equal(request.message, 'Je maintiens la page « Outils ».\nMerci !');
  assert.equal(request.user.email, 'claire@example.org');
  assert.deepEqual(notifications.map((n) => n.to.email), ['admin@example.org', 'maintainer@example.org']);
  const [first] = notifications;
  assert.match(first!.subject.fr, /Demande d'accès en écriture de claire/);
  assert.match(first!.subject.en, /Write access request from claire/);
  assert.match(first!.text.fr, /> Je maintiens la page « Outils »\.\n> Merci !/);
  assert.equal(first!.path, '/-/admin/');
  const mail = bilingualMail(first!, 'https://wiki.example.org/');
  assert.match(mail.text, /https:\/\/wiki\.example\.org\/-\/admin\//);
  assert.match(mail.subject, / \/ /);
  assert.deepEqual((await listPendingRequests(db)).map((r) => r.id), [request.id]);
  const [entry] = await listAudit(db, { action: 'access.requested' });
  assert.equal(entry?.ip, '192.0.2.3');
});

test('one pending request per user, even when sent twice at once; none for those who can already write', async (t) => {
  const { ctx, maintainer, contributor } = await team(t);
  const results = await Promise.allSettled([
    requestWriteAccess(ctx, contributor.id, 'once', null),
    requestWriteAccess(ctx, contributor.id, 'twice', null),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.ok(results.some((r) => r.status === 'rejected' && isAuthError(r.reason, 'request-pending')));
  await assert.rejects(requestWriteAccess(ctx, contributor.id, 'again', null), (e) => isAuthError(e, 'request-pending'));
  await assert.rejects(requestWriteAccess(ctx, maintainer.id, 'me too', null), (e) => isAuthError(e, 'already-has-access'));
});

test('a maintainer grants writer: the requester is writer at once and notified; a second answer is refused', async (t) => {
  const { ctx, db, maintainer, admin, contributor } = await team(t);
  const { request } = await requestWriteAccess(ctx, contributor.id, '', null);
  const granted = await grantAccess(ctx, as(maintainer.id), request.id, 'writer');
  assert.equal(granted.request.state, 'granted');
  assert.equal(granted.request.roleGranted, 'writer');
  assert.equal(granted.request.decidedBy, maintainer.id);
  assert.equal((await getUser(db, contributor.id))?.role, 'writer');
  assert.deepEqual(granted.notifications.map((n) => n.to.email), ['claire@example.org']);
  assert.match(granted.notifications[0]!.text.fr, /rédacteur/);
  assert.match(granted.notifications[0]!.text.en, /writer/);
  await assert.rejects(refuseAccess(ctx, as(admin.id), request.id, 'changed my mind'), (e) => isAuthError(e, 'request-already-decided'));
  assert.deepEqual(await listPendingRequests(db), []);
  const [entry] = await listAudit(db, { action: 'access.granted' });
  assert.deepEqual(entry?.details, { user: contributor.id, from: 'contributor', to: 'writer' });
  assert.equal(entry?.ip, '192.0.2.7');
});

test('two maintainers answering at once: exactly one answer wins', async (t) => {
  const { ctx, db, maintainer, admin, contributor } = await team(t);
  const { request } = await requestWriteAccess(ctx, contributor.id, '', null);
  const results = await Promise.allSettled([
    grantAccess(ctx, as(maintainer.id), request.id, 'maintainer'),
    refuseAccess(ctx, as(admin.id), request.id, 'not yet'),
  ]);
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  assert.equal((await db.all('SELECT id FROM audit_log WHERE action IN (?, ?)', ['access.granted', 'access.refused'])).length, 1);
});

test('refusing needs a reason, which the requester receives; they may ask again later', async (t) => {
  const { ctx, maintainer, contributor, db } = await team(t);
  const { request } = await requestWriteAccess(ctx, contributor.id, 'please', null);
  for (const reason of ['', '   ', undefined, 'x'.repeat(2001)]) {
    await assert.rejects(refuseAccess(ctx, as(maintainer.id), request.id, reason), (e) => isAuthError(e, 'invalid-text'));
  }
  const refused = await refuseAccess(ctx, as(maintainer.id), request.id, 'Proposez d\'abord quelques modifications.');
  assert.equal(refused.request.state, 'refused');
  assert.equal(refused.request.reason, "Proposez d'abord quelques modifications.");
  assert.match(refused.notifications[0]!.text.fr, /> Proposez d'abord quelques modifications\./);
  assert.equal((await getUser(db, contributor.id))?.role, 'contributor');
  assert.equal((await latestRequestOf(db, contributor.id))?.state, 'refused');
  const again = await requestWriteAccess(ctx, contributor.id, 'second try', null);
  assert.equal((await latestRequestOf(db, contributor.id))?.id, again.request.id);
});

test('only maintainers and admins answer, maintainers cannot grant admin, and nothing else is grantable', async (t) => {
  const { ctx, maintainer, contributor } = await team(t);
  const writer = await user(ctx, 'writer@example.org', 'writer');
  const { request } = await requestWriteAccess(ctx, contributor.id, '', null);
  await assert.rejects(grantAccess(ctx, as(writer.id), request.id, 'writer'), (e) => isAuthError(e, 'forbidden'));
  await assert.rejects(grantAccess(ctx, as(contributor.id), request.id, 'maintainer'), (e) => isAuthError(e, 'forbidden'));
  await assert.rejects(grantAccess(ctx, as(maintainer.id), 4242, 'writer'), (e) => isAuthError(e, 'request-not-found'));
  for (const role of ['admin', 'contributor', "writer' --"]) {
    await assert.rejects(grantAccess(ctx, OPERATOR, request.id, role as 'writer'), (e) => isAuthError(e, 'invalid-role'));
  }
  const granted = await grantAccess(ctx, as(maintainer.id), request.id, 'maintainer');
  assert.equal(granted.request.user.role, 'maintainer');
});

test('a grant never lowers someone raised in the meantime', async (t) => {
  const { ctx, db, maintainer, contributor } = await team(t);
  const { request } = await requestWriteAccess(ctx, contributor.id, '', null);
  await db.run("UPDATE users SET role = 'maintainer' WHERE id = ?", [contributor.id]);
  // The requester is now a maintainer, whom a maintainer may not manage: only an admin can close it.
  await assert.rejects(grantAccess(ctx, as(maintainer.id), request.id, 'writer'), (e) => isAuthError(e, 'forbidden'));
  await grantAccess(ctx, OPERATOR, request.id, 'writer');
  assert.equal((await getUser(db, contributor.id))?.role, 'maintainer');
});

test('hostile messages are stored as text, bounded', async (t) => {
  const { ctx, contributor, maintainer } = await team(t);
  await assert.rejects(requestWriteAccess(ctx, contributor.id, 'x'.repeat(2001), null), (e) => isAuthError(e, 'invalid-text'));
  await assert.rejects(requestWriteAccess(ctx, contributor.id, { evil: true }, null), (e) => isAuthError(e, 'invalid-text'));
  const hostile = "'); DELETE FROM users; --\n<script>alert(1)</script>\u0000\u202e";
  const { request } = await requestWriteAccess(ctx, contributor.id, hostile, null);
  assert.equal(request.message, "'); DELETE FROM users; --\n<script>alert(1)</script>");
  await grantAccess(ctx, as(maintainer.id), request.id, 'writer');
});
