/**
 * What every account operation needs, made once at start-up: the database, the password hasher (its
 * cost lowered only in tests), the clock (so tests can move time instead of waiting) and the limits.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db.js';
import { authErrors } from './errors.js';
import { passwordHasher, type PasswordHasher, type ScryptCost } from './passwords.js';
import { ServerSecret } from './secret.js';
import type { Limit } from './rate-limit.js';
import type { Role } from './roles.js';
import { userRowById } from './users.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface RateLimits {
  /**
   * Failed sign-ins of one account from one client: a browser the account signed in from before, else
   * a network address. The only sign-in limit a known browser meets.
   */
  signInPerClient: Limit;
  /** Failed sign-ins of one account from all unknown browsers (guesses spread over many addresses). */
  signInPerAccount: Limit;
  /** Failed sign-ins from one address over all accounts, from unknown browsers (password spraying). */
  signInPerAddress: Limit;
  /** Password reset and confirmation mails asked for one account. */
  mailPerAccount: Limit;
  /** Password reset and confirmation mails, and registrations, asked from one address. */
  mailPerAddress: Limit;
  /** Refused access tokens (git over HTTP) from one address: guesses, or a token revoked and still sent. */
  accessTokenPerAddress: Limit;
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

/** Past the free attempts, 15 s, 30 s, 1 min… up to 15 min between two attempts. */
const SIGN_IN_BACKOFF = { firstDelayMs: 15 * 1000, maxDelayMs: 15 * MINUTE };

export const DEFAULT_RATE_LIMITS: RateLimits = {
  signInPerClient: { max: 5, windowMs: 15 * MINUTE, backoff: SIGN_IN_BACKOFF },
  signInPerAccount: { max: 20, windowMs: 15 * MINUTE, backoff: SIGN_IN_BACKOFF },
  signInPerAddress: { max: 50, windowMs: 15 * MINUTE, backoff: SIGN_IN_BACKOFF },
  mailPerAccount: { max: 3, windowMs: HOUR },
  mailPerAddress: { max: 10, windowMs: HOUR },
  accessTokenPerAddress: { max: 20, windowMs: 15 * MINUTE, backoff: SIGN_IN_BACKOFF },
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
  /** Signs the device cookies of browsers accounts signed in from. */
  readonly secret: ServerSecret;
  readonly now: () => Date;
  readonly limits: RateLimits;
  readonly lifetimes: Lifetimes;
}

export interface AuthOptions {
  /** Tests pass a low cost; production keeps the default (`RECOMMENDED_SCRYPT_COST`). */
  scryptCost?: ScryptCost;
  /** The server's secret; without it (commands that sign nobody in, tests) one made for this process. */
  secret?: ServerSecret;
  now?: () => Date;
  limits?: Partial<RateLimits>;
  lifetimes?: Partial<Lifetimes>;
}

export function authContext(db: Db, options: AuthOptions = {}): AuthContext {
  return {
    db,
    passwords: passwordHasher(options.scryptCost),
    secret: options.secret ?? new ServerSecret(randomBytes(32)),
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
