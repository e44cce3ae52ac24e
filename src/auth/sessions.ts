/**
 * Sign-in sessions. The browser holds a random token (the cookie); the database holds only its hash.
 * A session expires after a period without use (moved forward as it is used, at most every few minutes)
 * and after a maximum age in any case; a disabled account's sessions stop working at once.
 */
import type { Db } from '../store/db.js';
import { appendAudit } from './audit.js';
import type { AuthContext } from './context.js';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from './secret-tokens.js';
import { type User, userColumnsOf, userFromRow, type UserRow } from './users.js';

export interface NewSession {
  /** The cookie value. Shown to the browser only, never stored. */
  readonly token: string;
  readonly expiresAt: Date;
}

export interface ResolvedSession {
  readonly user: User;
  readonly sessionId: number;
  readonly expiresAt: Date;
  /** True when the expiry moved forward on this request: send the cookie again with the new expiry. */
  readonly renewed: boolean;
}

/**
 * Starts a session for a user who just proved who they are. Any session the browser already had is
 * ended first, so a token planted before sign-in (session fixation) never becomes a signed-in one.
 */
export async function startSession(ctx: AuthContext, userId: number, ip: string | null, previousToken?: string): Promise<NewSession> {
  const now = ctx.now();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + Math.min(ctx.lifetimes.sessionIdleMs, ctx.lifetimes.sessionMaxMs));
  await ctx.db.transaction(async (tx) => {
    if (looksLikeSecretToken(previousToken)) await tx.run('DELETE FROM sessions WHERE token_hash = ?', [hashSecretToken(previousToken)]);
    await tx.run('DELETE FROM sessions WHERE expires_at <= ?', [now.toISOString()]);
    await tx.run('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?)', [
      hashSecretToken(token),
      userId,
      now.toISOString(),
      expiresAt.toISOString(),
      now.toISOString(),
      ip?.slice(0, 100) ?? null,
    ]);
  });
  return { token, expiresAt };
}

interface SessionRow extends UserRow {
  session_id: number;
  session_created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** The signed-in user of a cookie value, or undefined (no cookie, unknown, expired, account disabled). */
export async function resolveSession(ctx: AuthContext, token: string | undefined): Promise<ResolvedSession | undefined> {
  if (!looksLikeSecretToken(token)) return undefined;
  const now = ctx.now();
  const row = await ctx.db.get<SessionRow>(
    `SELECT s.id AS session_id, s.created_at AS session_created_at, s.expires_at, s.last_seen_at,
            ${userColumnsOf('u')}
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ?`,
    [hashSecretToken(token)],
  );
  if (!row || row.expires_at <= now.toISOString() || row.disabled === 1) return undefined;
  const user = userFromRow(row);
  let expiresAt = new Date(row.expires_at);
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (now.getTime() - lastSeen < ctx.lifetimes.sessionRenewEveryMs) return { user, sessionId: row.session_id, expiresAt, renewed: false };
  const latest = new Date(row.session_created_at).getTime() + ctx.lifetimes.sessionMaxMs;
  expiresAt = new Date(Math.min(now.getTime() + ctx.lifetimes.sessionIdleMs, latest));
  await ctx.db.run('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?', [now.toISOString(), expiresAt.toISOString(), row.session_id]);
  return { user, sessionId: row.session_id, expiresAt, renewed: true };
}

/** Signs out: the cookie's session ends (nothing happens for an unknown token). */
export async function endSession(ctx: AuthContext, token: string | undefined, ip: string | null): Promise<void> {
  if (!looksLikeSecretToken(token)) return;
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const row = await tx.get<{ user_id: number }>('DELETE FROM sessions WHERE token_hash = ? RETURNING user_id', [hashSecretToken(token)]);
    if (row) await appendAudit(tx, now, { actorId: row.user_id, action: 'session.ended', target: `user:${row.user_id}`, ip });
  });
}

/** Ends every session of a user, but the one given (password changed here: stay signed in here only). */
export async function endUserSessions(db: Db, userId: number, exceptSessionId?: number): Promise<number> {
  const result = exceptSessionId === undefined
    ? await db.run('DELETE FROM sessions WHERE user_id = ?', [userId])
    : await db.run('DELETE FROM sessions WHERE user_id = ? AND id <> ?', [userId, exceptSessionId]);
  return result.changes;
}
