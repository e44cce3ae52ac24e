/**
 * CSRF protection for every state-changing request, in one middleware: a POST, PUT, PATCH or DELETE
 * must carry the token of its form (`_csrf` field, or the `X-CSRF-Token` header for scripts). The token
 * is derived from the session (signed in) or from a random per-browser cookie (forms shown before
 * signing in, so that nobody can sign a visitor into an account of theirs), and must not come from
 * another site's page (`Origin`, see `fromAnotherSite`). Git's smart HTTP is exempt:
 * it authenticates every request with a token in its Authorization header, never with a cookie.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { checkCsrf, csrfToken } from '../../auth/csrf.js';
import { newSecretToken } from '../../auth/secret-tokens.js';
import type { DeniedAnswer } from './denial.js';
import type { AccessServices } from './services.js';
import { FORM_COOKIE, queueCookie, viewerOf } from './viewer.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'hono' {
  interface ContextVariableMap {
    formKey: string;
  }
}

/** What the CSRF token of this browser is derived from, if it has anything yet. */
function csrfKey(c: Context): string | undefined {
  const viewer = viewerOf(c);
  if (viewer.kind === 'user') return viewer.token;
  return c.get('formKey') ?? getCookie(c, FORM_COOKIE);
}

/** The token to put in a form's hidden field; gives an anonymous browser its form cookie if needed. */
export function formToken(c: Context): string {
  const services = c.get('services');
  let key = csrfKey(c);
  if (!key) {
    key = newSecretToken();
    c.set('formKey', key);
    queueCookie(c, FORM_COOKIE, key);
  }
  return csrfToken(services.secret, key);
}

/** Whether a path is served by git's smart HTTP (authenticated by its own header, never by cookie). */
export function isGitPath(services: AccessServices, path: string): boolean {
  return services.git !== undefined && path.startsWith(`/${services.git.name}.git/`);
}

/**
 * A second defence beside the token: a browser says where a form was sent from (`Origin`, else
 * `Sec-Fetch-Site`), and another site's form is refused even if its token leaked. A request saying
 * nothing (a script, an old browser) is left to the token. Without a configured public address the
 * scheme is not compared: behind a TLS proxy the browser's https://wiki is this server's http://wiki;
 * and a proxy that does not pass the Host on usually says it in X-Forwarded-Host (a header no page of
 * another site can make a browser send).
 */
function fromAnotherSite(c: Context, services: AccessServices): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return c.req.header('sec-fetch-site') === 'cross-site';
  if (origin === 'null') return true; // a sandboxed frame, a data: page, a redirect from elsewhere
  let sender: URL;
  try {
    sender = new URL(origin);
  } catch {
    return true;
  }
  const publicUrl = services.settings.publicUrl;
  if (publicUrl !== undefined) return sender.origin !== new URL(publicUrl).origin;
  return sender.host !== new URL(c.req.url).host && sender.host !== c.req.header('x-forwarded-host')?.split(',')[0]?.trim();
}

export function csrfMiddleware(services: AccessServices, deny: DeniedAnswer): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || isGitPath(services, c.req.path)) return next();
    if (fromAnotherSite(c, services)) return deny(c, 'csrf');
    let sent: unknown = c.req.header(CSRF_HEADER);
    if (sent === undefined) {
      const type = c.req.header('content-type') ?? '';
      if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
        // Hono keeps the parsed body, so the route reads it again for free.
        const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        sent = body[CSRF_FIELD];
      }
    }
    if (!checkCsrf(services.secret, csrfKey(c), sent)) return deny(c, 'csrf');
    return next();
  };
}
