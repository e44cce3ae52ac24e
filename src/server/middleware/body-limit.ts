/**
 * The largest body a state-changing request may send, checked before anything reads it (the CSRF
 * middleware reads every form): a body over the limit is answered 413 without being held in memory
 * (hono's bodyLimit: the announced length is refused at once, a body sent without one is counted as it
 * comes). Each route family has its limit from the settings; git's smart HTTP, which streams pushes and
 * authenticates by its own header, is left to git.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A limit in bytes, or undefined for a request this middleware leaves alone. */
export type BodyLimits = (c: Context) => number | undefined;

/** The answer to a body over `limit` bytes. */
export type TooLargeAnswer = (c: Context, limit: number) => Response | Promise<Response>;

export function requestBodyLimit(limits: BodyLimits, tooLarge: TooLargeAnswer): MiddlewareHandler {
  const checks = new Map<number, MiddlewareHandler>();
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const limit = limits(c);
    if (limit === undefined) return next();
    let check = checks.get(limit);
    if (!check) {
      check = bodyLimit({ maxSize: limit, onError: (c) => tooLarge(c, limit) });
      checks.set(limit, check);
    }
    return check(c, next);
  };
}

/** A size as people read it, in the unit the settings use (`10MiB`, `512KiB`). */
export function sizeLabel(bytes: number): string {
  if (bytes >= 2 ** 20) return `${Math.floor(bytes / 2 ** 20)} Mio`;
  return `${Math.max(1, Math.floor(bytes / 2 ** 10))} Kio`;
}
