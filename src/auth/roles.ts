/**
 * Roles and permissions: the ONE place where Feuillet decides who may do what. Routes and git
 * operations ask `can`; account management asks `mayManage` / `mayAssignRole`.
 */
import { authErrors } from './errors.js';

export const ROLES = ['reader', 'contributor', 'writer', 'maintainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Someone not signed in. On a public wiki they read like a `reader`; on a private wiki they can do nothing. */
export type Visitor = Role | 'anonymous';

export type Action =
  | 'read'
  | 'propose'
  | 'comment'
  | 'edit'
  | 'push'
  | 'review'
  | 'apply'
  | 'grantAccess'
  | 'configure';

export type WikiVisibility = 'public' | 'private';

/** The lowest role allowed each action (DESIGN.md § Roles). */
const LOWEST_ROLE: Readonly<Record<Action, Role>> = {
  read: 'reader',
  propose: 'contributor',
  comment: 'contributor',
  edit: 'writer',
  push: 'writer',
  review: 'maintainer',
  apply: 'maintainer',
  grantAccess: 'maintainer',
  configure: 'admin',
};

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function atLeast(role: Role, lowest: Role): boolean {
  return roleRank(role) >= roleRank(lowest);
}

export function can(who: Visitor, action: Action, visibility: WikiVisibility = 'public'): boolean {
  if (who === 'anonymous') return action === 'read' && visibility === 'public';
  return atLeast(who, LOWEST_ROLE[action]);
}

/**
 * Whether `actor` may change the role of, or disable, someone who has role `target`: admins manage
 * everyone; maintainers manage the people below them (so no maintainer can demote another).
 */
export function mayManage(actor: Role, target: Role): boolean {
  if (actor === 'admin') return true;
  return can(actor, 'grantAccess') && roleRank(target) < roleRank('maintainer');
}

/** Whether `actor` may move someone from role `current` to role `next` (maintainers grant up to maintainer). */
export function mayAssignRole(actor: Role, current: Role, next: Role): boolean {
  if (!mayManage(actor, current)) return false;
  return actor === 'admin' || roleRank(next) <= roleRank('maintainer');
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A role written by a person (command line, form), or an `invalid-role` error. */
export function parseRole(written: string): Role {
  const role = written.trim().toLowerCase();
  if (!isRole(role)) throw authErrors.invalidRole(written);
  return role;
}
