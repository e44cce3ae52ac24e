/**
 * Random bearer secrets (session cookies, mailed links, access tokens) and the one form in which the
 * database keeps them: their SHA-256. A stolen database copy therefore opens no session. A slow hash is
 * not needed: the secrets are 256 random bits, not guessable passwords.
 */
import { createHash, randomBytes } from 'node:crypto';

const TOKEN_BYTES = 32;
/** 32 bytes in unpadded base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSecretToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether `value` can be a token made by `newSecretToken` (checked before any database look-up). */
export function looksLikeSecretToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_SHAPE.test(value);
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
