/**
 * Repeated page requests answered straight from the response cache, before anything else runs. For an
 * anonymous reader of a public wiki, the session, CSRF and private-wiki middlewares let a GET through and
 * add nothing to its answer, and the page route finds the answer in the cache: all of that cost more than
 * sending the answer. This does the same lookup first. Anything it is not sure of goes on as before.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { responseCache, send } from '../responses.js';
import { isGitPath } from './csrf.js';
import type { AccessServices } from './services.js';
import { SESSION_COOKIE } from './viewer.js';

export interface CachedPagesOptions {
  /** Accounts, when the server has them: the reader must then be anonymous, the wiki public. */
  services: AccessServices | undefined;
  /** The key under which the page route stores its answer to this request (the same function). */
  keyOf(c: Context): Promise<string>;
}

export function cachedPagesFirst(options: CachedPagesOptions): MiddlewareHandler {
  const { services } = options;
  return async (c, next) => {
    // Feuillet's own pages (`/-/`) and git's smart HTTP are other routes', and HEAD is left to them; a
    // session cookie is the session middleware's to read (and to clear when it has expired).
    if (c.req.method !== 'GET' || c.req.path.startsWith('/-/')) return next();
    if (services) {
      if (services.settings.private || isGitPath(services, c.req.path) || getCookie(c, SESSION_COOKIE) !== undefined) return next();
      c.set('services', services); // as the session middleware does: the wiki's address is part of the key
    }
    // A wiki that cannot be read now (a branch deleted) is the routes' to report.
    const key = await options.keyOf(c).catch(() => undefined);
    const prepared = key === undefined ? undefined : responseCache.get(key);
    // Other routes store their answers under other keys. An answer that varies with more than the key's
    // language and the encoding `send` picks (a calendar: page or file by Accept) is the route's to choose.
    if (!prepared || prepared.headers?.Vary !== undefined) return next();
    return send(c, prepared);
  };
}
