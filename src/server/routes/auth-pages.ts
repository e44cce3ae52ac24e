/**
 * What the account routes share: answering with a page (never cached: pages hold CSRF tokens and
 * personal data), turning an account error into its status and sentence, the one denial answer of the
 * guard, mailing notifications, and checking where to go after signing in.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { AuthError } from '../../auth/errors.js';
import { bilingualMail, type Notification } from '../../auth/notifications.js';
import { OidcSignInError } from '../../auth/oidc-flow.js';
import { MessageView } from '../../views/account-forms.js';
import { renderDocument } from '../../views/layout.js';
import type { Lang } from '../../views/messages.js';
import { messagesFor } from '../../views/messages.js';
import type { DeniedAnswer } from '../middleware/denial.js';
import type { AccessServices } from '../middleware/services.js';
import { wikiOrigin } from '../middleware/viewer.js';
import { prepare, send } from '../responses.js';
import type { RouteContext } from './context.js';

const HTML = 'text/html; charset=utf-8';

export function page(c: Context, element: Child, status = 200, headers?: Record<string, string>): Response {
  return send(c, prepare(status, renderDocument(element as { toString(): string }), HTML, undefined, headers), 'no-store');
}

/** The HTTP status of each account error a person can meet: the one place they are mapped. */
export interface Failure {
  status: number;
  text: string;
  headers?: Record<string, string>;
}

/** The status and sentence of an error meant for a person; anything else is rethrown (a server error). */
export function failure(error: unknown, lang: Lang): Failure {
  if (error instanceof AuthError) {
    const headers = error.retryAfterSeconds !== undefined ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
    return { status: error.status, text: error[lang], ...(headers ? { headers } : {}) };
  }
  if (error instanceof OidcSignInError) {
    if (error.cause) console.error(`OIDC: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}`);
    return { status: error.status, text: error[lang] };
  }
  throw error;
}

/** A path of this wiki to go to after signing in; anything else (another site, `//host`) becomes the home page. */
export function safeNext(next: unknown, basePath: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\') || next.length > 2000) {
    return `${basePath}/`;
  }
  return /\p{Cc}/u.test(next) ? `${basePath}/` : next;
}

/** Mails the notifications; a failure is logged and does not undo what was done (the outbox keeps mail safe). */
export async function mailAll(c: Context, services: AccessServices, basePath: string, notifications: readonly Notification[]): Promise<void> {
  const url = `${wikiOrigin(c)}${basePath}/`;
  for (const notification of notifications) {
    try {
      await services.mail.send(bilingualMail({ ...notification, path: notification.path.replace(/^\//, '') }, url));
    } catch (error) {
      console.error(`Courriel non envoyé / mail not sent to ${notification.to.email}: ${(error as Error).message}`);
    }
  }
}

/** A string field of a parsed form (absent, a file or a repeated field: undefined). */
export function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

export async function formOf(c: Context): Promise<Record<string, unknown>> {
  return c.req.parseBody().catch(() => ({}));
}

/** A positive integer route parameter, or undefined. */
export function idParam(c: Context, name = 'id'): number | undefined {
  const text = c.req.param(name) ?? '';
  const id = /^[1-9]\d{0,15}$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * How the guard turns people away: a reader who must sign in goes to the sign-in page (and comes back
 * after); other requests get a 401 or 403 page in the wiki's style.
 */
export function deniedAnswer(siteFor: RouteContext['siteFor']): DeniedAnswer {
  return (c, reason) => {
    const site = siteFor(c);
    const m = messagesFor(site.lang).accounts;
    const login = `${site.basePath}/-/login`;
    if (reason === 'sign-in') {
      const url = new URL(c.req.url);
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(`${login}?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      return page(c, MessageView({ site, title: m.deniedTitle, text: m.signInRequired, link: { href: login, label: m.signIn } }), 401);
    }
    const text = reason === 'csrf' ? m.csrfFailed : m.forbidden;
    return page(c, MessageView({ site, title: m.deniedTitle, text }), 403);
  };
}
