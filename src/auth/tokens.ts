/**
 * Personal access tokens: what `git push` over HTTP authenticates with (never the password). A token is
 * `feuillet_` followed by 32 random bytes; it is shown once at creation and only its hash is stored.
 */
import { appendAudit } from './audit.js';
import { type Actor, actorId, actorIp, actorRole, type AuthContext } from './context.js';
import { authErrors } from './errors.js';
import { addressSubject, forgetAttempts, reserveAttempt } from './rate-limit.js';
import { hashSecretToken, looksLikeSecretToken, newSecretToken } from './secret-tokens.js';
import { cleanLine } from './user-text.js';
import { type User, userColumnsOf, userFromRow, type UserRow } from './users.js';
import type { Db } from '../store/db.js';

export const ACCESS_TOKEN_PREFIX = 'feuillet_';
const NAME_MAX = 100;
/** `last_used_at` is written at most this often per token: pushes come in bursts. */
const LAST_USED_EVERY_MS = 60 * 1000;

export interface AccessTokenInfo {
  readonly id: number;
  readonly name: string;
  /** The token's first characters, to tell tokens apart on the account page. */
  readonly hint: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

interface TokenRow {
  id: number;
  name: string;
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function infoFromRow(row: TokenRow): AccessTokenInfo {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  };
}

/** Creates a token for the user. `token` is to be shown once; it cannot be found again. */
export async function createAccessToken(
  ctx: AuthContext,
  userId: number,
  name: unknown,
  ip: string | null,
): Promise<{ token: string; info: AccessTokenInfo }> {
  const label = cleanLine(name, NAME_MAX);
  if (label === undefined) throw authErrors.invalidText('nom du jeton', 'token name', NAME_MAX);
  const secret = newSecretToken();
  const token = `${ACCESS_TOKEN_PREFIX}${secret}`;
  const hint = `${ACCESS_TOKEN_PREFIX}${secret.slice(0, 4)}…`;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const owner = await tx.get<{ disabled: number }>('SELECT disabled FROM users WHERE id = ?', [userId]);
    if (!owner || owner.disabled === 1) throw authErrors.forbidden();
    const row = await tx.get<TokenRow>(
      `INSERT INTO access_tokens (token_hash, user_id, name, hint, created_at) VALUES (?, ?, ?, ?, ?)
       RETURNING id, name, hint, created_at, last_used_at, revoked_at`,
      [hashSecretToken(token), userId, label, hint, now.toISOString()],
    );
    await appendAudit(tx, now, { actorId: userId, action: 'token.created', target: `token:${row!.id}`, details: { name: label }, ip });
    return { token, info: infoFromRow(row!) };
  });
}

/** A user's tokens, newest first, revoked ones included (marked). */
export async function listAccessTokens(db: Db, userId: number): Promise<AccessTokenInfo[]> {
  const rows = await db.all<TokenRow>(
    'SELECT id, name, hint, created_at, last_used_at, revoked_at FROM access_tokens WHERE user_id = ? ORDER BY id DESC',
    [userId],
  );
  return rows.map(infoFromRow);
}

/** Revokes a token: its owner may, and so may an admin. Revoking twice changes nothing. */
export async function revokeAccessToken(ctx: AuthContext, actor: Actor, tokenId: number): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const row = await tx.get<{ user_id: number; revoked_at: string | null }>('SELECT user_id, revoked_at FROM access_tokens WHERE id = ?', [tokenId]);
    if (!row) throw authErrors.tokenNotFound();
    const owner = actor.kind === 'user' && actor.userId === row.user_id;
    if (!owner && (await actorRole(tx, actor)) !== 'admin') throw authErrors.tokenNotFound(); // others' tokens are not even named
    if (row.revoked_at !== null) return;
    await tx.run('UPDATE access_tokens SET revoked_at = ? WHERE id = ?', [now.toISOString(), tokenId]);
    await appendAudit(tx, now, { actorId: actorId(actor), action: 'token.revoked', target: `token:${tokenId}`, details: { owner: row.user_id }, ip: actorIp(actor) });
  });
}

/** The user a token stands for, or undefined when it is malformed, unknown, revoked or the account disabled. */
export async function resolveAccessToken(ctx: AuthContext, token: unknown): Promise<User | undefined> {
  if (typeof token !== 'string' || !token.startsWith(ACCESS_TOKEN_PREFIX)) return undefined;
  if (!looksLikeSecretToken(token.slice(ACCESS_TOKEN_PREFIX.length))) return undefined;
  const row = await ctx.db.get<UserRow & { token_id: number; last_used_at: string | null }>(
    `SELECT t.id AS token_id, t.last_used_at, ${userColumnsOf('u')}
     FROM access_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
    [hashSecretToken(token)],
  );
  if (!row || row.disabled === 1) return undefined;
  const now = ctx.now();
  if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USED_EVERY_MS) {
    await ctx.db.run('UPDATE access_tokens SET last_used_at = ? WHERE id = ?', [now.toISOString(), row.token_id]);
  }
  return userFromRow(row);
}

const TOKEN_ADDRESS = 'access-token:address';

export type TokenCheck =
  | { readonly kind: 'user'; readonly user: User }
  | { readonly kind: 'refused' }
  | { readonly kind: 'limited'; readonly retryAfterSeconds: number };

/**
 * `resolveAccessToken` for a client at `ip`, with refused tokens limited per address (slowed down, as
 * sign-ins are): a token is too long to guess, but nothing should let anyone try millions. The attempt is
 * reserved before the lookup and taken back when the token is right, so that a burst cannot pass unseen.
 */
export async function checkAccessToken(ctx: AuthContext, token: unknown, ip: string | null): Promise<TokenCheck> {
  const reservation = await reserveAttempt(ctx.db, [{ bucket: TOKEN_ADDRESS, subject: addressSubject(ip), limit: ctx.limits.accessTokenPerAddress }], ctx.now());
  if (!reservation.ok) return { kind: 'limited', retryAfterSeconds: reservation.retryAfterSeconds };
  const user = await resolveAccessToken(ctx, token);
  if (!user) return { kind: 'refused' };
  await forgetAttempts(ctx.db, reservation.hitIds);
  return { kind: 'user', user };
}

/**
 * The user name and password of an HTTP `Authorization: Basic …` header, or undefined. Git sends the
 * token as the password; the user name is whatever the person typed and is not used.
 */
export function credentialsFromBasicAuth(header: string | null | undefined): { username: string; password: string } | undefined {
  if (!header || header.length > 4096) return undefined;
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
