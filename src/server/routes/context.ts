import type { Context, Hono } from 'hono';
import type { Publication } from '../../pages/documents.js';
import type { Lang } from '../../views/messages.js';
import type { SiteView } from '../../views/model.js';
import type { AccessServices } from '../middleware/services.js';
import type { Prepared } from '../responses.js';

/** What every route module gets: the wiki as published, the reader's language, the response cache. */
export interface RouteContext {
  publication: Publication;
  defaultLang: Lang;
  /** The data folder of this server: the search index is kept there. */
  dataDir: string;
  langOf(c: Context): Lang;
  /** Serves from the response cache under `key` (include the revision id), filling it with `make` on a miss. */
  cached(c: Context, key: string, make: () => Promise<Prepared>): Promise<Response>;
  /** Accounts, access control and git over HTTP; absent when the server runs without a database. */
  services?: AccessServices;
  /** The publication as this request's reader sees it (the header's account links, the clone URL). */
  publicationFor(c: Context): Publication;
  /** The site view of this request: `publicationFor(c).site` in the reader's language. */
  siteFor(c: Context): SiteView;
}

/** A group of routes (search, history, review…), registered before the catch-all page route. */
export type RouteModule = (app: Hono, ctx: RouteContext) => void;
