import type { Context, Hono } from 'hono';
import type { Publication } from '../../site/documents.js';
import type { Lang } from '../../views/messages.js';
import type { Prepared } from '../responses.js';

/** What every route module gets: the wiki as published, the reader's language, the response cache. */
export interface RouteContext {
  publication: Publication;
  defaultLang: Lang;
  langOf(c: Context): Lang;
  /** Serves from the response cache under `key` (include the revision id), filling it with `make` on a miss. */
  cached(c: Context, key: string, make: () => Promise<Prepared>): Promise<Response>;
}

/** A group of routes (search, history, review…), registered before the catch-all page route. */
export type RouteModule = (app: Hono, ctx: RouteContext) => void;
