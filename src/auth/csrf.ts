/**
 * CSRF tokens for forms, derived from the session (HMAC under the server secret): nothing to store,
 * and a token is worthless for any other session. For forms shown before sign-in, pass any random
 * per-browser value kept in a cookie instead of the session token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ServerSecret } from './secret.js';

export function csrfToken(secret: ServerSecret, sessionToken: string): string {
  return secret.hmac('csrf', sessionToken).toString('base64url');
}

/** Constant-time comparison of the token a form sent with the one the session expects. */
export function checkCsrf(secret: ServerSecret, sessionToken: string | undefined, sent: unknown): boolean {
  if (!sessionToken || typeof sent !== 'string') return false;
  const expected = Buffer.from(csrfToken(secret, sessionToken), 'utf8');
  const given = Buffer.from(sent, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
