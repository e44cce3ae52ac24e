import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAudit, listAudit } from '../../src/auth/audit.js';
import { setup, user } from './setup.js';

test('entries come back newest first, with the actor named, filterable and paged', async (t) => {
  const { ctx, db, clock } = await setup(t);
  const admin = await user(ctx, 'admin@example.org', 'admin');
  await appendAudit(db, clock.now(), { actorId: admin.id, action: 'review.applied', target: 'change:1', details: { version: 2 }, ip: '192.0.2.1' });
  clock.advance(1000);
  await appendAudit(db, clock.now(), { actorId: null, action: 'review.received', target: 'change:2' });
  const all = await listAudit(db);
  assert.deepEqual(all.map((e) => e.action), ['review.received', 'review.applied', 'account.created']);
  const applied = all[1]!;
  assert.deepEqual(applied.actor, { id: admin.id, email: 'admin@example.org', displayName: 'admin' });
  assert.deepEqual(applied.details, { version: 2 });
  assert.equal(applied.ip, '192.0.2.1');
  assert.equal(all[0]!.at.getTime() - applied.at.getTime(), 1000);
  assert.deepEqual((await listAudit(db, { actorId: admin.id })).map((e) => e.action), ['review.applied']);
  assert.deepEqual((await listAudit(db, { target: 'change:2' })).map((e) => e.action), ['review.received']);
  assert.deepEqual((await listAudit(db, { beforeId: all[0]!.id, limit: 1 })).map((e) => e.action), ['review.applied']);
});

test('huge or hostile details are stored bounded and read back as data', async (t) => {
  const { db, clock } = await setup(t);
  const hostile = "'); DROP TABLE audit_log; --";
  await appendAudit(db, clock.now(), { actorId: null, action: 'test.hostile', target: hostile, details: { text: hostile, nested: { a: [1, null, true] } }, ip: hostile });
  await appendAudit(db, clock.now(), { actorId: null, action: 'test.huge', details: { text: 'x'.repeat(1_000_000) }, ip: 'y'.repeat(10_000) });
  const [huge, odd] = await listAudit(db);
  assert.deepEqual(odd?.details, { text: hostile, nested: { a: [1, null, true] } });
  assert.equal(odd?.target, hostile);
  assert.ok(JSON.stringify(huge?.details).length < 5000);
  assert.ok((huge?.ip?.length ?? 0) <= 200);
});
