/**
 * The role guard: the one place where routes ask whether the viewer may do something, through `can`
 * (auth/roles.ts). `guard(action)` protects a route; `privateWikiGuard` makes every page of a private
 * wiki ask for a sign-in, but for what the sign-in page itself needs; `allows` answers views that show
 * a control only to those who may use it. Git's smart HTTP asks `allows` with the account of its token.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { type Action, can, type Visitor, type WikiVisibility } from '../../auth/roles.js';
import type { AccountNavView } from '../../views/model.js';
import { csrfMiddleware, isGitPath } from './csrf.js';
import type { DeniedAnswer } from './denial.js';
import type { AccessServices, AuthSettings } from './services.js';
import { sessionMiddleware, viewerOf } from './viewer.js';

/** What a route needs: an action of DESIGN.md § Roles, or only to be signed in (one's own account). */
export type Requirement = Action | 'signed-in';

declare module 'hono' {
  interface ContextVariableMap {
    deny: DeniedAnswer;
  }
}

export function visibilityOf(settings: AuthSettings | undefined): WikiVisibility {
  return settings?.private ? 'private' : 'public';
}

export function visitorOf(c: Context): Visitor {
  const viewer = viewerOf(c);
  return viewer.kind === 'user' ? viewer.user.role : 'anonymous';
}

/** Whether `who` (default: this request's viewer) may do `action` on this wiki. */
export function allows(c: Context, action: Action, who: Visitor = visitorOf(c)): boolean {
  return can(who, action, visibilityOf(c.get('services')?.settings));
}

function satisfies(c: Context, requirement: Requirement): boolean {
  if (requirement === 'signed-in') return viewerOf(c).kind === 'user';
  return allows(c, requirement);
}

/** Route middleware: lets the request through only when the viewer meets `requirement`. */
export function guard(requirement: Requirement): MiddlewareHandler {
  return async (c, next) => {
    if (satisfies(c, requirement)) return next();
    return c.get('deny')(c, viewerOf(c).kind === 'user' ? 'forbidden' : 'sign-in');
  };
}

/** What a visitor of a private wiki may open before signing in: the sign-in pages and what they show. */
const OPEN_IN_PRIVATE = /^\/-\/(assets\/|login(\/|$)|logout$|register$|confirm$|password(\/reset)?$|accessibilite$|mentions-legales$|donnees-personnelles$)/;

/** On a private wiki, every other address needs a reader signed in (git checks its own credentials). */
export function privateWikiGuard(services: AccessServices): MiddlewareHandler {
  return async (c, next) => {
    if (!services.settings.private || OPEN_IN_PRIVATE.test(c.req.path) || isGitPath(services, c.req.path)) return next();
    if (allows(c, 'read')) return next();
    return c.get('deny')(c, viewerOf(c).kind === 'user' ? 'forbidden' : 'sign-in');
  };
}

/** Installs, before every route, the session, the CSRF check and the private-wiki guard. */
export function installAccessControl(app: Hono, services: AccessServices, deny: DeniedAnswer): void {
  app.use('*', async (c, next) => {
    c.set('deny', deny);
    return next();
  });
  app.use('*', sessionMiddleware(services));
  app.use('*', csrfMiddleware(services, deny));
  app.use('*', privateWikiGuard(services));
}

/** The header's account links for this viewer (the same for everyone of one role, so pages cache by role). */
export function accountNavOf(c: Context): AccountNavView {
  const signedIn = viewerOf(c).kind === 'user';
  return {
    signedIn,
    requestAccess: signedIn && allows(c, 'propose') && !allows(c, 'edit'),
    admin: allows(c, 'grantAccess'),
    edit: allows(c, 'edit'),
  };
}

/** What response caches must tell apart: pages differ by the viewer's role (the header's links). */
export function viewerCacheKey(c: Context): string {
  return visitorOf(c);
}
