import { recentChangesFeed, pageFeed } from '../../pages/history-documents.js';
import { prepare } from '../responses.js';
import type { RouteModule } from './context.js';
import { pathAfter } from './history.js';

const ATOM = 'application/atom+xml; charset=utf-8';
const FEED_SUFFIX = '.atom';

/**
 * Atom feeds of the wiki's recent changes (`/-/changes.atom`) and of one page (`/-/history/PATH.atom`).
 * Registered before the history pages: a history URL ending in `.atom` is a feed, unless a file of the
 * wiki has that very name.
 */
export const feedRoutes: RouteModule = (app, ctx) => {
  const pub = ctx.publication;

  app.get('/-/changes.atom', async (c) => {
    const revision = await pub.wiki.revision();
    const origin = new URL(c.req.url).origin;
    const lang = ctx.langOf(c);
    return ctx.cached(c, `${revision.id}|${lang}|changes.atom|${origin}`, async () => {
      const feed = await recentChangesFeed(pub, origin, lang);
      return feed === undefined ? prepare(404, '', 'text/plain; charset=utf-8') : prepare(200, feed, ATOM);
    });
  });

  app.get('/-/history/*', async (c, next) => {
    if (!c.req.path.endsWith(FEED_SUFFIX)) return next();
    const revision = await pub.wiki.revision();
    const full = pathAfter(c.req.path, '/-/history');
    const path = pathAfter(c.req.path.slice(0, -FEED_SUFFIX.length), '/-/history');
    if (path === undefined || (full !== undefined && revision.files.has(full))) return next();
    const origin = new URL(c.req.url).origin;
    const lang = ctx.langOf(c);
    return ctx.cached(c, `${revision.id}|${lang}|history.atom|${path}|${origin}`, async () => {
      const feed = await pageFeed(pub, path, origin, lang);
      return feed === undefined ? prepare(404, '', 'text/plain; charset=utf-8') : prepare(200, feed, ATOM);
    });
  });
};
