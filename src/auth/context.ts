/**
 * What every account operation needs, made once at start-up: the database, the password hasher (its
 * cost lowered only in tests), the clock (so tests can move time instead of waiting) and the limits.
 */
import type { Db } from '../store/db.js';
import { authErrors } from './errors.js';
import { passwordHasher, type PasswordHasher, type ScryptCost } from './passwords.js';
import type { Limit } from './rate-limit.js';
import type { Role } from './roles.js';
import { userRowById } from './users.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface RateLimits {
  signInPerAccount: Limit;
  signInPerAddress: Limit;
  /** Password reset and confirmation mails asked for one account. */
  mailPerAccount: Limit;
  /** Password reset and confirmation mails, and registrations, asked from one address. */
  mailPerAddress: Limit;
}

export interface Lifetimes {
  /** A session ends after this long without use… */
  sessionIdleMs: number;
  /** …and after this long in any case. */
  sessionMaxMs: number;
  /** A session's expiry moves forward at most this often (one write per interval, not per request). */
  sessionRenewEveryMs: number;
  emailConfirmationMs: number;
  passwordResetMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signInPerAccount: { max: 5, windowMs: 15 * MINUTE },
  signInPerAddress: { max: 20, windowMs: 15 * MINUTE },
  mailPerAccount: { max: 3, windowMs: HOUR },
  mailPerAddress: { max: 10, windowMs: HOUR },
};

export const DEFAULT_LIFETIMES: Lifetimes = {
  sessionIdleMs: 14 * DAY,
  sessionMaxMs: 90 * DAY,
  sessionRenewEveryMs: 5 * MINUTE,
  emailConfirmationMs: 2 * DAY,
  passwordResetMs: HOUR,
};

export interface AuthContext {
  readonly db: Db;
  readonly passwords: PasswordHasher;
  readonly now: () => Date;
  readonly limits: RateLimits;
  readonly lifetimes: Lifetimes;
}

export interface AuthOptions {
  /** Tests pass a low cost; production keeps the default (`RECOMMENDED_SCRYPT_COST`). */
  scryptCost?: ScryptCost;
  now?: () => Date;
  limits?: Partial<RateLimits>;
  lifetimes?: Partial<Lifetimes>;
}

export function authContext(db: Db, options: AuthOptions = {}): AuthContext {
  return {
    db,
    passwords: passwordHasher(options.scryptCost),
    now: options.now ?? (() => new Date()),
    limits: { ...DEFAULT_RATE_LIMITS, ...options.limits },
    lifetimes: { ...DEFAULT_LIFETIMES, ...options.lifetimes },
  };
}

/**
 * Who asks for a change to accounts: a signed-in person (from `ip`), or the operator at the command
 * line, who has the data folder in hand anyway and so acts with an admin's rights.
 */
export type Actor = { readonly kind: 'user'; readonly userId: number; readonly ip: string | null } | { readonly kind: 'operator' };

export const OPERATOR: Actor = { kind: 'operator' };

/** The actor's current role, read now (not trusted from the caller); a disabled or vanished account may do nothing. */
export async function actorRole(db: Db, actor: Actor): Promise<Role> {
  if (actor.kind === 'operator') return 'admin';
  const row = await userRowById(db, actor.userId);
  if (!row || row.disabled === 1) throw authErrors.forbidden();
  return row.role;
}

export function actorId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function actorIp(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.ip : null;
}
