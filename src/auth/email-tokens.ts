/** Single-use links sent by mail (address confirmation, password reset): issue and consume. */
import type { Db } from '../store/db.js';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from './secret-tokens.js';

export type EmailTokenPurpose = 'confirm-email' | 'reset-password';

export interface IssuedEmailToken {
  /** Goes into the mailed link; never stored. */
  readonly token: string;
  readonly expiresAt: Date;
}

/** A new token for `userId`, replacing the unused ones of the same purpose (only the latest mail works). */
export async function issueEmailToken(
  tx: Db,
  purpose: EmailTokenPurpose,
  user: { id: number; email: string },
  now: Date,
  lifetimeMs: number,
): Promise<IssuedEmailToken> {
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await tx.run('DELETE FROM email_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL', [user.id, purpose]);
  await tx.run(
    'INSERT INTO email_tokens (token_hash, purpose, user_id, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    [hashSecretToken(token), purpose, user.id, user.email, now.toISOString(), expiresAt.toISOString()],
  );
  return { token, expiresAt };
}

/** Whether the token could be used now (known, unexpired, unused): asked before costly work, it changes nothing. */
export async function isUsableEmailToken(db: Db, purpose: EmailTokenPurpose, token: unknown, now: Date): Promise<boolean> {
  if (!looksLikeSecretToken(token)) return false;
  const row = await db.get<{ found: number }>(
    'SELECT 1 AS found FROM email_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?',
    [hashSecretToken(token), purpose, now.toISOString()],
  );
  return row !== undefined;
}

/**
 * Marks the token used and returns whom it was for, or undefined when it is unknown, expired or
 * already used. One conditional UPDATE, so two clicks racing each other cannot both succeed.
 */
export async function consumeEmailToken(
  tx: Db,
  purpose: EmailTokenPurpose,
  token: unknown,
  now: Date,
): Promise<{ userId: number; email: string } | undefined> {
  if (!looksLikeSecretToken(token)) return undefined;
  const row = await tx.get<{ user_id: number; email: string }>(
    `UPDATE email_tokens SET used_at = ?
     WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
     RETURNING user_id, email`,
    [now.toISOString(), hashSecretToken(token), purpose, now.toISOString()],
  );
  return row && { userId: row.user_id, email: row.email };
}
