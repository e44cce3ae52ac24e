/**
 * Browsers an account has signed in from. After a sign-in the browser keeps a device cookie: a random
 * device name and its proof (HMAC under the server secret, bound to the account), so nothing is stored.
 * A sign-in that shows a valid proof for the account it names is limited on its own, apart from
 * strangers' guesses: a stranger can slow down guesses from unknown browsers but never lock the owner
 * out of the browser they use (OWASP's "device cookies").
 */
import { timingSafeEqual } from 'node:crypto';
import { looksLikeSecretToken, newSecretToken } from './secret-tokens.js';
import type { ServerSecret } from './secret.js';

export const DEVICE_COOKIE = 'feuillet_device';
/** The cookie outlives sessions: a browser stays known for a year after its last sign-in. */
export const DEVICE_COOKIE_SECONDS = 365 * 24 * 60 * 60;

function proof(secret: ServerSecret, device: string, accountKey: string): string {
  return secret.hmac('known-device', `${device}\n${accountKey}`).toString('base64url');
}

/** The device named by a cookie, if it proves that `accountKey` signed in from it. */
export function knownDevice(secret: ServerSecret, cookie: string | undefined, accountKey: string): string | undefined {
  const [device, sent, ...rest] = (cookie ?? '').split('.');
  if (sent === undefined || rest.length > 0 || !looksLikeSecretToken(device)) return undefined;
  const expected = Buffer.from(proof(secret, device, accountKey));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected) ? device : undefined;
}

/** The cookie value after `accountKey` signed in: the browser keeps its device name if it had one. */
export function deviceCookie(secret: ServerSecret, previous: string | undefined, accountKey: string): string {
  const named = previous?.split('.')[0];
  const device = looksLikeSecretToken(named) ? named : newSecretToken();
  return `${device}.${proof(secret, device, accountKey)}`;
}
