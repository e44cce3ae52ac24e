/**
 * Who is asking: the session middleware reads the session cookie once per request and leaves the
 * answer in `c.var.viewer` for the guard, the CSRF check, the routes and the page header. Cookies that
 * handlers want to set are queued and written on the way out, whatever kind of Response they return.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { serialize, type CookieOptions } from 'hono/utils/cookie';
import { resolveSession } from '../../auth/sessions.js';
import type { User } from '../../auth/users.js';
import type { AccessServices } from './services.js';

export type Viewer =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly user: User; readonly sessionId: number; readonly token: string };

declare module 'hono' {
  interface ContextVariableMap {
    viewer: Viewer;
    services: AccessServices;
    queuedCookies: string[];
  }
}

export const SESSION_COOKIE = 'feuillet_session';
/** A random value per browser, the key of the CSRF tokens of forms shown before signing in. */
export const FORM_COOKIE = 'feuillet_form';

const ANONYMOUS: Viewer = { kind: 'anonymous' };

export function viewerOf(c: Context): Viewer {
  return c.get('viewer') ?? ANONYMOUS;
}

/** The address of the connection the request came on; undefined for a request made in-process (app.request). */
function connectionAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // no socket
  }
}

/** The network address the request came from: the client's, as far as trusted proxies tell it. */
export function clientIp(c: Context): string | null {
  const connection = connectionAddress(c);
  const proxies = c.get('services')?.proxies;
  return proxies ? proxies.clientOf(connection, c.req.header('x-forwarded-for')) : (connection ?? null);
}

/** The wiki's address: the configured public URL, else the one this request was sent to. */
export function wikiOrigin(c: Context): string {
  const configured = c.get('services')?.settings.publicUrl;
  return configured === undefined ? requestOrigin(c.req.url) : configured.replace(/\/+$/, '');
}

/** Origins of the addresses requests came to: a handful per server, asked on every request (cache keys). */
const origins = new Map<string, string>();

/** `new URL(url).origin`, parsed once per scheme and host: only what precedes the path decides it. */
function requestOrigin(url: string): string {
  const path = url.indexOf('/', url.indexOf('//') + 2);
  const authority = path < 0 ? url : url.slice(0, path);
  let origin = origins.get(authority);
  if (origin === undefined) {
    origin = new URL(url).origin;
    if (origins.size >= 100) origins.clear(); // any Host header can be sent: keep this small
    origins.set(authority, origin);
  }
  return origin;
}

/**
 * Cookies carry `Secure` when the wiki is published over HTTPS or this request came over TLS: to this
 * server, or to a trusted proxy that says so (`X-Forwarded-Proto`, believed only from `server.trusted_proxies`).
 */
function secure(c: Context): boolean {
  const configured = c.get('services')?.settings.publicUrl;
  if (configured?.startsWith('https:') === true || new URL(c.req.url).protocol === 'https:') return true;
  // The first value is the scheme the client used (each proxy of a chain may append its own).
  if (c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() !== 'https') return false;
  return c.get('services')?.proxies.trusts(connectionAddress(c)) === true;
}

/** Sets a cookie on this request's response: HttpOnly, SameSite=Lax, Secure when served over HTTPS. */
export function queueCookie(c: Context, name: string, value: string, options: CookieOptions = {}): void {
  const queued = c.get('queuedCookies') ?? [];
  queued.push(serialize(name, value, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c), ...options }));
  c.set('queuedCookies', queued);
}

export function clearCookie(c: Context, name: string, path = '/'): void {
  queueCookie(c, name, '', { path, maxAge: 0, expires: new Date(0) });
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date): void {
  queueCookie(c, SESSION_COOKIE, token, { expires: expiresAt });
}

/** Loads the session of the cookie (renewing its expiry when due) and writes queued cookies at the end. */
export function sessionMiddleware(services: AccessServices): MiddlewareHandler {
  return async (c, next) => {
    c.set('services', services);
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await resolveSession(services.auth, token) : undefined;
    if (session && token) {
      c.set('viewer', { kind: 'user', user: session.user, sessionId: session.sessionId, token });
      if (session.renewed) setSessionCookie(c, token, session.expiresAt);
    } else {
      c.set('viewer', ANONYMOUS);
      if (token) clearCookie(c, SESSION_COOKIE); // expired or ended elsewhere: stop sending it
    }
    await next();
    for (const cookie of c.get('queuedCookies') ?? []) c.header('Set-Cookie', cookie, { append: true });
    // Pages now differ by who reads them: shared caches must not hand one person's page to another.
    // (Reading the answer's headers turns them into a Headers object: only when it matters.)
    if (viewerOf(c).kind !== 'user') return;
    const html = c.res.headers.get('content-type')?.startsWith('text/html') ?? false;
    if (html && !/no-store/.test(c.res.headers.get('cache-control') ?? '')) c.header('Cache-Control', 'private, no-cache');
  };
}
