/**
 * Password hashing with scrypt (node:crypto), stored self-describing as `scrypt$N$r$p$salt$hash`
 * (salt and hash in unpadded base64url), so the cost can be raised later and old hashes still verify.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { authErrors } from './errors.js';

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelism. */
  readonly p: number;
}

/** OWASP's recommendation (Password Storage Cheat Sheet): N=2^17, r=8, p=1 — about 128 MiB per hash. */
export const RECOMMENDED_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/** Length rules (NIST SP 800-63B: a minimum length, a generous maximum, no composition rules). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

const SALT_BYTES = 16;
const KEY_BYTES = 32;

export interface PasswordHasher {
  readonly cost: ScryptCost;
  hash(password: string): Promise<string>;
  /** Constant-time check; a malformed stored value verifies as false after the same amount of work. */
  verify(password: string, encoded: string): Promise<boolean>;
  /** The same work as a real `verify`, always false: for unknown accounts, so timing reveals nothing. */
  verifyDummy(password: string): Promise<false>;
  /** True when `encoded` was made with another cost (or is unreadable) and should be hashed again. */
  needsRehash(encoded: string): boolean;
}

export function passwordHasher(cost: ScryptCost = RECOMMENDED_SCRYPT_COST): PasswordHasher {
  if (!isAcceptableCost(cost)) throw new RangeError(`Unacceptable scrypt cost ${JSON.stringify(cost)}`);
  const verifyDummy = async (password: string): Promise<false> => {
    await derive(password, randomBytes(SALT_BYTES), cost, KEY_BYTES);
    return false;
  };
  return {
    cost,
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, cost, KEY_BYTES);
      return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    async verify(password, encoded) {
      const parsed = parse(encoded);
      if (!parsed) return verifyDummy(password);
      const key = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
      return timingSafeEqual(key, parsed.key);
    },
    verifyDummy,
    needsRehash(encoded) {
      const parsed = parse(encoded);
      return !parsed || parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p;
    },
  };
}

/** A new password as typed, or a `password-too-short` / `password-too-long` error (length in characters). */
export function acceptNewPassword(input: unknown): string {
  if (typeof input !== 'string') throw authErrors.passwordTooShort(PASSWORD_MIN_LENGTH);
  if (input.length > 4 * PASSWORD_MAX_LENGTH) throw authErrors.passwordTooLong(PASSWORD_MAX_LENGTH);
  const length = [...input.normalize('NFKC')].length;
  if (length < PASSWORD_MIN_LENGTH) throw authErrors.passwordTooShort(PASSWORD_MIN_LENGTH);
  if (length > PASSWORD_MAX_LENGTH) throw authErrors.passwordTooLong(PASSWORD_MAX_LENGTH);
  return input;
}

function derive(password: string, salt: Buffer, cost: ScryptCost, length: number): Promise<Buffer> {
  // NFKC (as NIST advises): the same password typed on systems that compose accents differently matches.
  // Very long input is cut (never reached for accounts, whose passwords are checked on creation) so that
  // a megabyte posted to the sign-in form costs no more than a normal attempt.
  const input = Buffer.from(password.slice(0, PASSWORD_MAX_LENGTH * 2).normalize('NFKC'), 'utf8');
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(input, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function isAcceptableCost({ N, r, p }: ScryptCost): boolean {
  const powerOfTwo = Number.isInteger(N) && N >= 2 && (N & (N - 1)) === 0;
  // Bounds keep a tampered stored hash from asking for gigabytes or minutes of work.
  return powerOfTwo && N <= 2 ** 20 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16
    && 128 * N * r * p <= 1024 ** 3;
}

// Salt and key have exactly the lengths `hash` writes (16 and 32 bytes): a shortened key must not verify.
const ENCODED_SHAPE = /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

function parse(encoded: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const match = ENCODED_SHAPE.exec(encoded);
  if (!match) return undefined;
  const [, n, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!isAcceptableCost(cost)) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}
