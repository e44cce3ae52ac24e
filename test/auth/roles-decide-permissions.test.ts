import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Action, can, isRole, mayAssignRole, mayManage, parseRole, ROLES, type Visitor } from '../../src/auth/roles.js';
import { isAuthError } from '../../src/auth/errors.js';

const ACTIONS: Action[] = ['read', 'propose', 'comment', 'edit', 'push', 'review', 'apply', 'grantAccess', 'configure'];

test('each role can do exactly what DESIGN.md § Roles gives it', () => {
  const expected: Record<Visitor, Action[]> = {
    anonymous: ['read'],
    reader: ['read'],
    contributor: ['read', 'propose', 'comment'],
    writer: ['read', 'propose', 'comment', 'edit', 'push'],
    maintainer: ['read', 'propose', 'comment', 'edit', 'push', 'review', 'apply', 'grantAccess'],
    admin: ACTIONS,
  };
  for (const [who, allowed] of Object.entries(expected) as [Visitor, Action[]][]) {
    assert.deepEqual(ACTIONS.filter((action) => can(who, action)), allowed, who);
  }
});

test('a private wiki lets no one read without signing in, and every signed-in role read', () => {
  assert.equal(can('anonymous', 'read', 'private'), false);
  for (const role of ROLES) assert.equal(can(role, 'read', 'private'), true, role);
});

test('maintainers manage the people below them and grant up to maintainer; admins manage everyone', () => {
  assert.equal(mayAssignRole('maintainer', 'contributor', 'writer'), true);
  assert.equal(mayAssignRole('maintainer', 'contributor', 'maintainer'), true);
  assert.equal(mayAssignRole('maintainer', 'contributor', 'admin'), false);
  assert.equal(mayAssignRole('maintainer', 'maintainer', 'writer'), false, 'no maintainer demotes another');
  assert.equal(mayAssignRole('maintainer', 'admin', 'reader'), false);
  assert.equal(mayAssignRole('writer', 'contributor', 'writer'), false);
  assert.equal(mayAssignRole('admin', 'admin', 'reader'), true);
  assert.equal(mayManage('maintainer', 'writer'), true);
  assert.equal(mayManage('maintainer', 'maintainer'), false);
  assert.equal(mayManage('contributor', 'reader'), false);
});

test('roles typed by people are parsed strictly', () => {
  assert.equal(parseRole(' Maintainer '), 'maintainer');
  for (const bad of ['', 'root', 'admin; DROP TABLE users', 'аdmin' /* Cyrillic а */, 'x'.repeat(10_000)]) {
    assert.throws(() => parseRole(bad), (e) => isAuthError(e, 'invalid-role') && e.fr.length < 200, bad.slice(0, 20));
  }
  assert.equal(isRole('writer'), true);
  assert.equal(isRole('anonymous'), false);
  assert.equal(isRole(3), false);
});
