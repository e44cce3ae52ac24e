/**
 * Accounts with a password: registration, creation by an operator or admin, sign-in, roles, disabling,
 * address confirmation and password reset. Every change is audit-logged. Slow password hashing always
 * happens outside database transactions, so it never holds the database's write lock.
 */
import type { Db } from '../store/db.js';
import { isStoreError } from '../store/errors.js';
import { appendAudit } from './audit.js';
import { type Actor, actorId, actorIp, actorRole, type AuthContext } from './context.js';
import { emailAddress, localPart, parseEmailAddress } from './email-address.js';
import { consumeEmailToken, isUsableEmailToken, type IssuedEmailToken, issueEmailToken } from './email-tokens.js';
import { authErrors } from './errors.js';
import { acceptNewPassword } from './passwords.js';
import { knownDevice } from './known-devices.js';
import { addressSubject, clearAttempts, forgetAttempts, type LimitCheck, reserveAttempt } from './rate-limit.js';
import { isRole, mayAssignRole, mayManage, type Role } from './roles.js';
import { endUserSessions } from './sessions.js';
import { displayName } from './user-text.js';
import { insertUser, type User, userFromRow, userRowByEmail, userRowById } from './users.js';

export { findUserByEmail, getUser, listUsers, type User } from './users.js';

const SIGN_IN_CLIENT = 'sign-in:client';
const SIGN_IN_ACCOUNT = 'sign-in:account';
const SIGN_IN_ADDRESS = 'sign-in:address';
const MAIL_ACCOUNT = 'mail:account';
const MAIL_ADDRESS = 'mail:address';

export interface NewAccount {
  email: string;
  /** Defaults to the part of the address before the `@`. */
  displayName?: string;
  /** Omitted: the account signs in through an identity provider, or sets a password by reset link. */
  password?: string;
  /** Defaults to `contributor`. */
  role?: Role;
}

export type Registration =
  /** Mail the confirmation link built from `confirmation.token`. */
  | { readonly kind: 'created'; readonly user: User; readonly confirmation: IssuedEmailToken }
  /**
   * The address already has an account. Answer the browser exactly as for `created` (so registration
   * does not tell who has an account) and mail the owner instead, e.g. a reminder with a reset link.
   */
  | { readonly kind: 'already-registered'; readonly user: User };

export interface PasswordResetRequest {
  readonly user: User;
  /** Goes into the mailed link. */
  readonly token: string;
  readonly expiresAt: Date;
}

/** Self-registration (when the wiki's config allows it): a contributor whose address awaits confirmation. */
export async function registerAccount(
  ctx: AuthContext,
  input: { email: unknown; displayName: unknown; password: unknown },
  ip: string | null,
): Promise<Registration> {
  const email = emailAddress(input.email);
  const name = displayName(input.displayName);
  const password = acceptNewPassword(input.password);
  const now = ctx.now();
  const reservation = await reserveAttempt(ctx.db, [{ bucket: MAIL_ADDRESS, subject: addressSubject(ip), limit: ctx.limits.mailPerAddress }], now);
  if (!reservation.ok) throw authErrors.rateLimited(reservation.retryAfterSeconds);
  // Hashed even when the address is taken, so that the answer takes as long either way.
  const passwordHash = await ctx.passwords.hash(password);
  const existing = await userRowByEmail(ctx.db, email.address);
  if (existing) return { kind: 'already-registered', user: userFromRow(existing) };
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await insertUser(tx, { email: email.address, key: email.key, displayName: name, passwordHash, role: 'contributor', emailConfirmed: false }, now);
      const confirmation = await issueEmailToken(tx, 'confirm-email', row, now, ctx.lifetimes.emailConfirmationMs);
      await appendAudit(tx, now, { actorId: row.id, action: 'account.registered', target: `user:${row.id}`, ip });
      return { kind: 'created' as const, user: userFromRow(row), confirmation };
    });
  } catch (error) {
    if (!isStoreError(error, 'unique-violation')) throw error;
    const raced = await userRowByEmail(ctx.db, email.address);
    if (!raced) throw error;
    return { kind: 'already-registered', user: userFromRow(raced) };
  }
}

/** An account made by the operator (`feuillet user add`) or an admin/maintainer: its address counts as confirmed. */
export async function createAccount(ctx: AuthContext, actor: Actor, input: NewAccount): Promise<User> {
  const email = emailAddress(input.email);
  const name = displayName(input.displayName ?? localPart(email.address));
  const role = input.role ?? 'contributor';
  if (!isRole(role)) throw authErrors.invalidRole(String(role)); // checked at run time too: it may come from a form
  const password = input.password === undefined ? undefined : acceptNewPassword(input.password);
  if (!mayAssignRole(await actorRole(ctx.db, actor), 'reader', role)) throw authErrors.forbidden();
  const passwordHash = password === undefined ? null : await ctx.passwords.hash(password);
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await insertUser(tx, { email: email.address, key: email.key, displayName: name, passwordHash, role, emailConfirmed: true }, now);
      await appendAudit(tx, now, { actorId: actorId(actor), action: 'account.created', target: `user:${row.id}`, details: { email: row.email, role }, ip: actorIp(actor) });
      return userFromRow(row);
    });
  } catch (error) {
    if (isStoreError(error, 'unique-violation')) throw authErrors.emailTaken();
    throw error;
  }
}

/**
 * The limits a password attempt on `account` meets. From a browser the account signed in from before
 * (`deviceCookie` proves it), only that browser's own failures count; from anywhere else, the failures
 * of this address on this account, of all unknown clients on this account and of this address on all
 * accounts. Each limit slows attempts down rather than closing, so nobody is ever locked out for good.
 */
function signInChecks(ctx: AuthContext, account: string, ip: string | null, deviceCookie: string | undefined): LimitCheck[] {
  const device = knownDevice(ctx.secret, deviceCookie, account);
  if (device !== undefined) return [{ bucket: SIGN_IN_CLIENT, subject: `${account}\ndevice ${device}`, limit: ctx.limits.signInPerClient }];
  const address = addressSubject(ip);
  return [
    { bucket: SIGN_IN_CLIENT, subject: `${account}\naddress ${address}`, limit: ctx.limits.signInPerClient },
    { bucket: SIGN_IN_ACCOUNT, subject: account, limit: ctx.limits.signInPerAccount },
    { bucket: SIGN_IN_ADDRESS, subject: address, limit: ctx.limits.signInPerAddress },
  ];
}

/** The right password was given: the attempt was no guess, and this client's earlier failures were typos. */
async function forgetGuesses(ctx: AuthContext, checks: readonly LimitCheck[], hitIds: readonly number[]): Promise<void> {
  await forgetAttempts(ctx.db, hitIds);
  await clearAttempts(ctx.db, SIGN_IN_CLIENT, checks[0]!.subject);
}

/**
 * Checks an address and password. Unknown address, account without password and wrong password give
 * the same error after the same work; attempts are limited (see `signInChecks`). `deviceCookie` is the
 * browser's `DEVICE_COOKIE`, if any. On success, start a session with `startSession` (which rotates
 * the browser's token).
 */
export async function signIn(ctx: AuthContext, email: unknown, password: unknown, ip: string | null, deviceCookie?: string): Promise<User> {
  const now = ctx.now();
  const typed = typeof password === 'string' ? password : '';
  const parsed = parseEmailAddress(email);
  const account = parsed?.key ?? (typeof email === 'string' ? email.slice(0, 300).toLowerCase() : '');
  const checks = signInChecks(ctx, account, ip, deviceCookie);
  const reservation = await reserveAttempt(ctx.db, checks, now);
  if (!reservation.ok) throw authErrors.rateLimited(reservation.retryAfterSeconds);
  const row = parsed ? await userRowByEmail(ctx.db, parsed.address) : undefined;
  const valid = row?.password_hash ? await ctx.passwords.verify(typed, row.password_hash) : await ctx.passwords.verifyDummy(typed);
  if (!row || !valid) {
    await appendAudit(ctx.db, now, {
      actorId: null,
      action: 'sign-in.failed',
      target: row ? `user:${row.id}` : null,
      details: row ? {} : { email: account.slice(0, 254) },
      ip,
    });
    throw authErrors.invalidCredentials();
  }
  await forgetGuesses(ctx, checks, reservation.hitIds);
  if (row.disabled === 1) throw authErrors.accountDisabled();
  if (row.email_confirmed === 0) throw authErrors.emailNotConfirmed();
  if (ctx.passwords.needsRehash(row.password_hash!)) {
    const rehashed = await ctx.passwords.hash(typed);
    await ctx.db.run('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?', [rehashed, row.id, row.password_hash]);
  }
  await appendAudit(ctx.db, now, { actorId: row.id, action: 'sign-in.succeeded', target: `user:${row.id}`, ip });
  return userFromRow(row);
}

async function ensureAnotherAdmin(tx: Db, userId: number): Promise<void> {
  const other = await tx.get("SELECT id FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ? LIMIT 1", [userId]);
  if (!other) throw authErrors.lastAdmin();
}

export async function setRole(ctx: AuthContext, actor: Actor, userId: number, role: Role): Promise<User> {
  if (!isRole(role)) throw authErrors.invalidRole(String(role));
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const acting = await actorRole(tx, actor);
    const row = await userRowById(tx, userId);
    if (!row) throw authErrors.userNotFound();
    if (!mayAssignRole(acting, row.role, role)) throw authErrors.forbidden();
    if (row.role === role) return userFromRow(row);
    if (row.role === 'admin' && row.disabled === 0) await ensureAnotherAdmin(tx, userId);
    await tx.run('UPDATE users SET role = ? WHERE id = ?', [role, userId]);
    await appendAudit(tx, now, { actorId: actorId(actor), action: 'account.role-changed', target: `user:${userId}`, details: { from: row.role, to: role }, ip: actorIp(actor) });
    return userFromRow({ ...row, role });
  });
}

/** Disables (all sessions end, tokens stop working) or enables an account. Nobody disables themselves. */
export async function setDisabled(ctx: AuthContext, actor: Actor, userId: number, disabled: boolean): Promise<User> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const acting = await actorRole(tx, actor);
    const row = await userRowById(tx, userId);
    if (!row) throw authErrors.userNotFound();
    if (!mayManage(acting, row.role) || (actor.kind === 'user' && actor.userId === userId)) throw authErrors.forbidden();
    if ((row.disabled === 1) === disabled) return userFromRow(row);
    if (disabled && row.role === 'admin') await ensureAnotherAdmin(tx, userId);
    await tx.run('UPDATE users SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, userId]);
    if (disabled) await endUserSessions(tx, userId);
    await appendAudit(tx, now, { actorId: actorId(actor), action: disabled ? 'account.disabled' : 'account.enabled', target: `user:${userId}`, ip: actorIp(actor) });
    return userFromRow({ ...row, disabled: disabled ? 1 : 0 });
  });
}

async function reserveMail(ctx: AuthContext, accountKey: string, ip: string | null, now: Date): Promise<void> {
  const reservation = await reserveAttempt(ctx.db, [
    { bucket: MAIL_ACCOUNT, subject: accountKey, limit: ctx.limits.mailPerAccount },
    { bucket: MAIL_ADDRESS, subject: addressSubject(ip), limit: ctx.limits.mailPerAddress },
  ], now);
  if (!reservation.ok) throw authErrors.rateLimited(reservation.retryAfterSeconds);
}

/** A new confirmation link for an account whose address is not confirmed yet ("send the mail again"). */
export async function requestEmailConfirmation(ctx: AuthContext, userId: number, ip: string | null): Promise<IssuedEmailToken> {
  const now = ctx.now();
  const row = await userRowById(ctx.db, userId);
  if (!row) throw authErrors.userNotFound();
  if (row.email_confirmed === 1) throw authErrors.emailAlreadyConfirmed();
  await reserveMail(ctx, row.email_key, ip, now);
  return ctx.db.transaction((tx) => issueEmailToken(tx, 'confirm-email', row, now, ctx.lifetimes.emailConfirmationMs));
}

/** The confirmation link was followed. */
export async function confirmEmail(ctx: AuthContext, token: unknown, ip: string | null): Promise<User> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const used = await consumeEmailToken(tx, 'confirm-email', token, now);
    const row = used && (await userRowById(tx, used.userId));
    if (!used || !row || row.email !== used.email) throw authErrors.invalidLink();
    await tx.run('UPDATE users SET email_confirmed = 1 WHERE id = ?', [row.id]);
    await appendAudit(tx, now, { actorId: row.id, action: 'account.email-confirmed', target: `user:${row.id}`, ip });
    return userFromRow({ ...row, email_confirmed: 1 });
  });
}

/**
 * "Forgot my password": a reset link for the account of this address, or undefined when there is no
 * such (enabled) account. Either way, tell the browser the same thing ("if an account exists, a mail
 * was sent").
 */
export async function requestPasswordReset(ctx: AuthContext, email: unknown, ip: string | null): Promise<PasswordResetRequest | undefined> {
  const parsed = parseEmailAddress(email);
  if (!parsed) return undefined;
  const now = ctx.now();
  await reserveMail(ctx, parsed.key, ip, now);
  const row = await userRowByEmail(ctx.db, parsed.address);
  if (!row || row.disabled === 1) return undefined;
  return ctx.db.transaction(async (tx) => {
    const issued = await issueEmailToken(tx, 'reset-password', row, now, ctx.lifetimes.passwordResetMs);
    await appendAudit(tx, now, { actorId: null, action: 'account.password-reset-requested', target: `user:${row.id}`, ip });
    return { user: userFromRow(row), ...issued };
  });
}

/** The reset link was followed with a new password: set it, end every session, confirm the address. */
export async function resetPassword(ctx: AuthContext, token: unknown, newPassword: unknown, ip: string | null): Promise<User> {
  const password = acceptNewPassword(newPassword);
  // A guessed link costs a lookup, not a password hash (a tenth of a second of CPU each).
  if (!(await isUsableEmailToken(ctx.db, 'reset-password', token, ctx.now()))) throw authErrors.invalidLink();
  const passwordHash = await ctx.passwords.hash(password);
  const now = ctx.now();
  const user = await ctx.db.transaction(async (tx) => {
    const used = await consumeEmailToken(tx, 'reset-password', token, now);
    const row = used && (await userRowById(tx, used.userId));
    if (!used || !row || row.email !== used.email) throw authErrors.invalidLink();
    if (row.disabled === 1) throw authErrors.accountDisabled();
    await tx.run('UPDATE users SET password_hash = ?, email_confirmed = 1 WHERE id = ?', [passwordHash, row.id]);
    await endUserSessions(tx, row.id);
    await appendAudit(tx, now, { actorId: row.id, action: 'account.password-reset', target: `user:${row.id}`, ip });
    return userFromRow({ ...row, password_hash: passwordHash, email_confirmed: 1 });
  });
  await clearAttempts(ctx.db, SIGN_IN_ACCOUNT, parseEmailAddress(user.email)?.key ?? user.email);
  return user;
}

/**
 * Changes a signed-in user's password (the current one is asked again, and guesses count against the
 * sign-in limits). Every other session of the account ends.
 */
export async function changePassword(
  ctx: AuthContext,
  userId: number,
  currentPassword: unknown,
  newPassword: unknown,
  ip: string | null,
  keepSessionId?: number,
  deviceCookie?: string,
): Promise<void> {
  const password = acceptNewPassword(newPassword);
  const now = ctx.now();
  const row = await userRowById(ctx.db, userId);
  if (!row || row.disabled === 1) throw authErrors.forbidden();
  const checks = signInChecks(ctx, row.email_key, ip, deviceCookie);
  const reservation = await reserveAttempt(ctx.db, checks, now);
  if (!reservation.ok) throw authErrors.rateLimited(reservation.retryAfterSeconds);
  const typed = typeof currentPassword === 'string' ? currentPassword : '';
  const valid = row.password_hash ? await ctx.passwords.verify(typed, row.password_hash) : await ctx.passwords.verifyDummy(typed);
  if (!valid) throw authErrors.wrongPassword();
  await forgetGuesses(ctx, checks, reservation.hitIds);
  const passwordHash = await ctx.passwords.hash(password);
  await ctx.db.transaction(async (tx) => {
    await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);
    await endUserSessions(tx, userId, keepSessionId);
    await appendAudit(tx, now, { actorId: userId, action: 'account.password-changed', target: `user:${userId}`, ip });
  });
}

/** Whether the wiki has an enabled admin (the first start without one tells the operator how to make one). */
export async function hasActiveAdmin(db: Db): Promise<boolean> {
  return (await db.get("SELECT id FROM users WHERE role = 'admin' AND disabled = 0 LIMIT 1")) !== undefined;
}
