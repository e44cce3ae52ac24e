/** The audit log: who did what, to what, when and from where. Append-only; admins read it. */
import type { Db } from '../store/db.js';

/** Actions recorded by `auth/`. Other folders record their own, named `folder.verb` (`review.applied`). */
export type AuthAuditAction =
  | 'account.registered'
  | 'account.created'
  | 'account.role-changed'
  | 'account.disabled'
  | 'account.enabled'
  | 'account.email-confirmed'
  | 'account.password-reset-requested'
  | 'account.password-reset'
  | 'account.password-changed'
  | 'sign-in.succeeded'
  | 'sign-in.failed'
  | 'session.ended'
  | 'token.created'
  | 'token.revoked'
  | 'access.requested'
  | 'access.granted'
  | 'access.refused'
  | 'oidc.linked'
  | 'oidc.account-created';

export type AuditAction = AuthAuditAction | `${string}.${string}`;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditRecord {
  /** The account that acted; null for the command line (the operator) or someone not signed in. */
  actorId: number | null;
  action: AuditAction;
  /** What was acted upon, as `kind:id` (`user:12`, `request:3`, `token:5`). */
  target?: string | null;
  details?: Record<string, JsonValue>;
  /** Where the request came from. */
  ip?: string | null;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: Date;
  readonly actor: { readonly id: number; readonly email: string | null; readonly displayName: string | null } | null;
  readonly action: string;
  readonly target: string | null;
  readonly details: Record<string, JsonValue>;
  readonly ip: string | null;
}

const DETAILS_MAX = 4000;
const FIELD_MAX = 200;

export async function appendAudit(db: Db, at: Date, record: AuditRecord): Promise<void> {
  let details = JSON.stringify(record.details ?? {});
  // Details quote what people typed; a bound keeps one entry from weighing megabytes.
  if (details.length > DETAILS_MAX) details = JSON.stringify({ truncated: details.slice(0, DETAILS_MAX) });
  await db.run('INSERT INTO audit_log (at, actor_id, action, target, details, ip) VALUES (?, ?, ?, ?, ?, ?)', [
    at.toISOString(),
    record.actorId,
    record.action.slice(0, FIELD_MAX),
    record.target?.slice(0, FIELD_MAX) ?? null,
    details,
    record.ip?.slice(0, FIELD_MAX) ?? null,
  ]);
}

export interface AuditQuery {
  /** Entries older than this id (for the next page). */
  beforeId?: number;
  actorId?: number;
  action?: AuditAction;
  target?: string;
  limit?: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_email: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  details: string;
  ip: string | null;
}

/** Newest first. */
export async function listAudit(db: Db, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.beforeId !== undefined) {
    where.push('a.id < ?');
    params.push(query.beforeId);
  }
  if (query.actorId !== undefined) {
    where.push('a.actor_id = ?');
    params.push(query.actorId);
  }
  if (query.action !== undefined) {
    where.push('a.action = ?');
    params.push(query.action);
  }
  if (query.target !== undefined) {
    where.push('a.target = ?');
    params.push(query.target);
  }
  params.push(Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500));
  const rows = await db.all<AuditRow>(
    `SELECT a.id, a.at, a.actor_id, u.email AS actor_email, u.display_name AS actor_name, a.action, a.target, a.details, a.ip
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY a.id DESC LIMIT ?`,
    params,
  );
  return rows.map((row) => ({
    id: row.id,
    at: new Date(row.at),
    actor: row.actor_id === null ? null : { id: row.actor_id, email: row.actor_email, displayName: row.actor_name },
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, JsonValue>,
    ip: row.ip,
  }));
}
