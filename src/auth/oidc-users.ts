/**
 * The account behind an OpenID Connect sign-in (ProConnect, Keycloak…), once the caller has verified the
 * ID token and userinfo. ProConnect gives each service its own `sub` for the same person, so a person
 * is found by (issuer, sub) first, then by their verified professional email, and otherwise gets a new
 * contributor account. The identity is remembered, so the next sign-in matches by (issuer, sub).
 */
import type { Db } from '../store/db.js';
import { isStoreError } from '../store/errors.js';
import { appendAudit } from './audit.js';
import type { AuthContext } from './context.js';
import { localPart, parseEmailAddress } from './email-address.js';
import { authErrors } from './errors.js';
import { cleanLine, DISPLAY_NAME_MAX } from './user-text.js';
import { insertUser, type User, userFromRow, userRowByEmail, userRowById } from './users.js';

/** The claims this needs; providers send more, which are ignored. */
export interface OidcClaims {
  readonly sub: unknown;
  readonly email?: unknown;
  readonly email_verified?: unknown;
  readonly name?: unknown;
  readonly given_name?: unknown;
  /** ProConnect's family name. */
  readonly usual_name?: unknown;
  readonly family_name?: unknown;
}

export interface OidcSignIn {
  readonly user: User;
  /** How the account was found: by this identity, by email (identity now linked), or newly made. */
  readonly matched: 'identity' | 'email' | 'created';
}

const ISSUER_MAX = 2048;
const SUB_MAX = 255; // OpenID Connect Core § 2: sub is at most 255 ASCII characters

export async function userFromOidcClaims(ctx: AuthContext, issuer: string, claims: OidcClaims, ip: string | null): Promise<OidcSignIn> {
  if (typeof issuer !== 'string' || issuer === '' || issuer.length > ISSUER_MAX) throw authErrors.oidcClaimsInvalid();
  if (typeof claims.sub !== 'string' || claims.sub === '' || claims.sub.length > SUB_MAX) throw authErrors.oidcClaimsInvalid();
  const sub = claims.sub;
  try {
    return await attempt(ctx, issuer, sub, claims, ip);
  } catch (error) {
    // A first sign-in racing another for the same person: the loser finds what the winner made.
    if (!isStoreError(error, 'unique-violation')) throw error;
    return attempt(ctx, issuer, sub, claims, ip);
  }
}

function attempt(ctx: AuthContext, issuer: string, sub: string, claims: OidcClaims, ip: string | null): Promise<OidcSignIn> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const known = await tx.get<{ user_id: number }>('SELECT user_id FROM oidc_identities WHERE issuer = ? AND subject = ?', [issuer, sub]);
    if (known) {
      const row = await userRowById(tx, known.user_id);
      if (!row) throw authErrors.userNotFound();
      if (row.disabled === 1) throw authErrors.accountDisabled();
      await tx.run('UPDATE oidc_identities SET last_used_at = ? WHERE issuer = ? AND subject = ?', [now.toISOString(), issuer, sub]);
      await appendAudit(tx, now, { actorId: row.id, action: 'sign-in.succeeded', target: `user:${row.id}`, details: { issuer }, ip });
      return { user: userFromRow(row), matched: 'identity' as const };
    }
    const email = verifiedEmail(claims);
    const existing = await userRowByEmail(tx, email.address);
    if (existing) {
      if (existing.disabled === 1) throw authErrors.accountDisabled();
      await linkIdentity(tx, issuer, sub, existing.id, email.address, now);
      // The provider vouches for the address, which confirms it.
      await tx.run('UPDATE users SET email_confirmed = 1 WHERE id = ?', [existing.id]);
      await appendAudit(tx, now, { actorId: existing.id, action: 'oidc.linked', target: `user:${existing.id}`, details: { issuer }, ip });
      await appendAudit(tx, now, { actorId: existing.id, action: 'sign-in.succeeded', target: `user:${existing.id}`, details: { issuer }, ip });
      return { user: userFromRow({ ...existing, email_confirmed: 1 }), matched: 'email' as const };
    }
    const created = await insertUser(tx, {
      email: email.address,
      key: email.key,
      displayName: nameFromClaims(claims, email.address),
      passwordHash: null,
      role: 'contributor',
      emailConfirmed: true,
    }, now);
    await linkIdentity(tx, issuer, sub, created.id, email.address, now);
    await appendAudit(tx, now, { actorId: created.id, action: 'oidc.account-created', target: `user:${created.id}`, details: { issuer }, ip });
    return { user: userFromRow(created), matched: 'created' as const };
  });
}

/** The claimed address, when there is one and the provider does not say it is unverified. */
function verifiedEmail(claims: OidcClaims): { address: string; key: string } {
  if (claims.email === undefined || claims.email === null || claims.email === '') throw authErrors.oidcEmailMissing();
  const email = parseEmailAddress(claims.email);
  if (!email) throw authErrors.oidcEmailMissing();
  // ProConnect sends no email_verified (its addresses are verified by the identity providers); when a
  // provider does send it, anything but true (some send the string "true") means not verified.
  const verified = claims.email_verified;
  if (verified !== undefined && verified !== true && verified !== 'true') throw authErrors.oidcEmailUnverified();
  return email;
}

function nameFromClaims(claims: OidcClaims, email: string): string {
  const parts = [claims.given_name, claims.usual_name ?? claims.family_name].filter((part): part is string => typeof part === 'string');
  for (const candidate of [claims.name, parts.join(' ')]) {
    const name = cleanLine(candidate, DISPLAY_NAME_MAX);
    if (name !== undefined) return name;
  }
  return localPart(email);
}

async function linkIdentity(tx: Db, issuer: string, sub: string, userId: number, email: string, now: Date): Promise<void> {
  await tx.run('INSERT INTO oidc_identities (issuer, subject, user_id, email, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)', [
    issuer,
    sub,
    userId,
    email,
    now.toISOString(),
    now.toISOString(),
  ]);
}
