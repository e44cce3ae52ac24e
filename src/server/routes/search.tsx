import { searchDocument, searchJson, searchParams } from '../../pages/search-documents.js';
import { searchIndexPath, SiteSearch } from '../../search/site-search.js';
import { prepare } from '../responses.js';
import type { RouteModule } from './context.js';

/**
 * `/-/search` (works without scripts) and `/-/search.json` (results as you type). The index is opened and
 * brought up to date when the server starts, then before each query when the wiki has changed.
 */
export const searchRoutes: RouteModule = (app, ctx) => {
  const { wiki } = ctx.publication;
  const search = new SiteSearch(wiki, searchIndexPath(ctx.dataDir, wiki.source.root));
  search.ready().catch((error: unknown) => console.error(`Index de recherche / search index: ${error instanceof Error ? error.message : String(error)}`));

  app.get('/-/search', async (c) => {
    const params = searchParams((name) => c.req.query(name));
    const lang = ctx.langOf(c);
    const revision = await search.ready();
    return ctx.cached(c, `${revision.id}|${lang}|search|${JSON.stringify(params)}`, async () =>
      prepare(200, await searchDocument(ctx.publication, search, params, lang), 'text/html; charset=utf-8'),
    );
  });

  app.get('/-/search.json', async (c) => {
    const params = searchParams((name) => c.req.query(name));
    const revision = await search.ready();
    return ctx.cached(c, `${revision.id}|search.json|${JSON.stringify(params)}`, async () =>
      prepare(200, await searchJson(ctx.publication, search, params), 'application/json; charset=utf-8'),
    );
  });
};
