/**
 * Write-access requests: a contributor asks (one pending request at a time), a maintainer grants
 * (writer or maintainer) or refuses with a reason. Each step returns the mails to send and is
 * audit-logged in the same transaction as the change.
 */
import type { Db } from '../store/db.js';
import { isStoreError } from '../store/errors.js';
import { appendAudit } from './audit.js';
import { type Actor, actorId, actorIp, actorRole, type AuthContext } from './context.js';
import { authErrors } from './errors.js';
import {
  accessGrantedNotification,
  accessRefusedNotification,
  accessRequestedNotification,
  type Notification,
} from './notifications.js';
import { atLeast, can, mayAssignRole, type Role } from './roles.js';
import { cleanBlock } from './user-text.js';
import { userRowById } from './users.js';

export type AccessRequestState = 'pending' | 'granted' | 'refused';
export type GrantableRole = Extract<Role, 'writer' | 'maintainer'>;

export interface AccessRequest {
  readonly id: number;
  readonly user: { readonly id: number; readonly email: string; readonly displayName: string; readonly role: Role };
  readonly message: string;
  readonly state: AccessRequestState;
  readonly createdAt: Date;
  readonly decidedAt: Date | null;
  readonly decidedBy: number | null;
  readonly reason: string | null;
  readonly roleGranted: GrantableRole | null;
}

export interface AccessRequestOutcome {
  readonly request: AccessRequest;
  /** Mails to send now; nothing has been sent. */
  readonly notifications: readonly Notification[];
}

const TEXT_MAX = 2000;

interface RequestRow {
  id: number;
  user_id: number;
  email: string;
  display_name: string;
  role: Role;
  message: string;
  state: AccessRequestState;
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
  reason: string | null;
  role_granted: GrantableRole | null;
}

const SELECT_REQUEST = `SELECT r.id, r.user_id, u.email, u.display_name, u.role, r.message, r.state, r.created_at,
  r.decided_at, r.decided_by, r.reason, r.role_granted
  FROM access_requests r JOIN users u ON u.id = r.user_id`;

function requestFromRow(row: RequestRow): AccessRequest {
  return {
    id: row.id,
    user: { id: row.user_id, email: row.email, displayName: row.display_name, role: row.role },
    message: row.message,
    state: row.state,
    createdAt: new Date(row.created_at),
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at),
    decidedBy: row.decided_by,
    reason: row.reason,
    roleGranted: row.role_granted,
  };
}

async function requestById(db: Db, id: number): Promise<AccessRequest | undefined> {
  const row = await db.get<RequestRow>(`${SELECT_REQUEST} WHERE r.id = ?`, [id]);
  return row && requestFromRow(row);
}

/** A signed-in user without write access asks for it; the maintainers and admins are to be mailed. */
export async function requestWriteAccess(ctx: AuthContext, userId: number, message: unknown, ip: string | null): Promise<AccessRequestOutcome> {
  const text = cleanBlock(message ?? '', TEXT_MAX);
  if (text === undefined) throw authErrors.invalidText('message', 'message', TEXT_MAX);
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const user = await userRowById(tx, userId);
      if (!user || user.disabled === 1) throw authErrors.forbidden();
      if (can(user.role, 'edit')) throw authErrors.alreadyHasAccess();
      if (await tx.get("SELECT id FROM access_requests WHERE user_id = ? AND state = 'pending'", [userId])) throw authErrors.requestPending();
      const inserted = await tx.get<{ id: number }>(
        "INSERT INTO access_requests (user_id, message, state, created_at) VALUES (?, ?, 'pending', ?) RETURNING id",
        [userId, text, now.toISOString()],
      );
      await appendAudit(tx, now, { actorId: userId, action: 'access.requested', target: `request:${inserted!.id}`, details: { message: text }, ip });
      const maintainers = await tx.all<{ email: string; display_name: string }>(
        "SELECT email, display_name FROM users WHERE role IN ('maintainer', 'admin') AND disabled = 0 AND email_confirmed = 1 ORDER BY id",
      );
      const requester = { email: user.email, displayName: user.display_name };
      return {
        request: (await requestById(tx, inserted!.id))!,
        notifications: maintainers.map((m) => accessRequestedNotification({ email: m.email, displayName: m.display_name }, requester, text)),
      };
    });
  } catch (error) {
    // Two requests sent at once: the unique index on pending requests stopped the second.
    if (isStoreError(error, 'unique-violation')) throw authErrors.requestPending();
    throw error;
  }
}

/** Pending requests, oldest first (for `/-/admin/`). */
export async function listPendingRequests(db: Db): Promise<AccessRequest[]> {
  const rows = await db.all<RequestRow>(`${SELECT_REQUEST} WHERE r.state = 'pending' ORDER BY r.created_at, r.id`);
  return rows.map(requestFromRow);
}

/** The user's most recent request, to show its state on their page. */
export async function latestRequestOf(db: Db, userId: number): Promise<AccessRequest | undefined> {
  const row = await db.get<RequestRow>(`${SELECT_REQUEST} WHERE r.user_id = ? ORDER BY r.id DESC LIMIT 1`, [userId]);
  return row && requestFromRow(row);
}

/**
 * Marks a pending request decided, in one conditional UPDATE: when two maintainers answer at once,
 * the second is told it was already answered.
 */
async function decide(
  tx: Db,
  actor: Actor,
  requestId: number,
  now: Date,
  decision: { state: 'granted'; role: GrantableRole } | { state: 'refused'; reason: string },
): Promise<AccessRequest> {
  const acting = await actorRole(tx, actor);
  if (!can(acting, 'grantAccess')) throw authErrors.forbidden();
  const request = await requestById(tx, requestId);
  if (!request) throw authErrors.requestNotFound();
  if (request.state !== 'pending') throw authErrors.requestAlreadyDecided();
  if (decision.state === 'granted' && !mayAssignRole(acting, request.user.role, decision.role)) throw authErrors.forbidden();
  const changed = await tx.run(
    "UPDATE access_requests SET state = ?, decided_at = ?, decided_by = ?, reason = ?, role_granted = ? WHERE id = ? AND state = 'pending'",
    [
      decision.state,
      now.toISOString(),
      actorId(actor),
      decision.state === 'refused' ? decision.reason : null,
      decision.state === 'granted' ? decision.role : null,
      requestId,
    ],
  );
  if (changed.changes === 0) throw authErrors.requestAlreadyDecided();
  return request;
}

/** Grants the request: the requester becomes `role` (never lowered if someone raised them meanwhile). */
export async function grantAccess(ctx: AuthContext, actor: Actor, requestId: number, role: GrantableRole): Promise<AccessRequestOutcome> {
  // Checked at run time too: the role comes from a form.
  if (role !== 'writer' && role !== 'maintainer') throw authErrors.invalidRole(String(role));
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const request = await decide(tx, actor, requestId, now, { state: 'granted', role });
    const newRole = atLeast(request.user.role, role) ? request.user.role : role;
    await tx.run('UPDATE users SET role = ? WHERE id = ?', [newRole, request.user.id]);
    await appendAudit(tx, now, {
      actorId: actorId(actor),
      action: 'access.granted',
      target: `request:${requestId}`,
      details: { user: request.user.id, from: request.user.role, to: newRole },
      ip: actorIp(actor),
    });
    return {
      request: (await requestById(tx, requestId))!,
      notifications: [accessGrantedNotification(request.user, newRole)],
    };
  });
}

/** Refuses the request with a reason, which the requester receives. */
export async function refuseAccess(ctx: AuthContext, actor: Actor, requestId: number, reason: unknown): Promise<AccessRequestOutcome> {
  const text = cleanBlock(reason, TEXT_MAX);
  if (!text) throw authErrors.invalidText('raison', 'reason', TEXT_MAX);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const request = await decide(tx, actor, requestId, now, { state: 'refused', reason: text });
    await appendAudit(tx, now, {
      actorId: actorId(actor),
      action: 'access.refused',
      target: `request:${requestId}`,
      details: { user: request.user.id, reason: text },
      ip: actorIp(actor),
    });
    return {
      request: (await requestById(tx, requestId))!,
      notifications: [accessRefusedNotification(request.user, text)],
    };
  });
}
