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
  /** The commit the wiki is at now. */
  revisionId(): Promise<string>;
  /** The key under which the page route stores its answer to this request (the same function). */
  keyOf(c: Context, revisionId: string): string;
}

export function cachedPagesFirst(options: CachedPagesOptions): MiddlewareHandler {
  const { services } = options;
  // Where the branch is, looked at once per turn of the event loop rather than once per request (the
  // ref files' stats were a fifth of a cached page's cost): the requests read in the same turn as the
  // look share it. A request sent after a commit has finished is read in a later turn than a look taken
  // before, unless it is pipelined behind another request of its connection that was already waiting.
  let thisTurn: Promise<string> | undefined;
  const revisionId = () => {
    if (!thisTurn) {
      thisTurn = options.revisionId();
      setImmediate(() => (thisTurn = undefined));
    }
    return thisTurn;
  };
  return async (c, next) => {
    // Feuillet's own pages (`/-/`) and git's smart HTTP are other routes', and HEAD is left to them; a
    // session cookie is the session middleware's to read (and to clear when it has expired).
    if (c.req.method !== 'GET' || c.req.path.startsWith('/-/')) return next();
    if (services) {
      if (services.settings.private || isGitPath(services, c.req.path) || getCookie(c, SESSION_COOKIE) !== undefined) return next();
      c.set('services', services); // as the session middleware does: the wiki's address is part of the key
    }
    // A wiki that cannot be read now (a branch deleted) is the routes' to report.
    const revision = await revisionId().catch(() => undefined);
    const prepared = revision === undefined ? undefined : responseCache.get(options.keyOf(c, revision));
    // Other routes store their answers under other keys. An answer that varies with more than the key's
    // language and the encoding `send` picks (a calendar: page or file by Accept) is the route's to choose.
    if (!prepared || prepared.headers?.Vary !== undefined) return next();
    return send(c, prepared);
  };
}
