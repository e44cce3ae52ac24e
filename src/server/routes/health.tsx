import { healthDocument } from '../../pages/search-documents.js';
import { prepare } from '../responses.js';
import type { RouteModule } from './context.js';

/** `/-/health`: orphan pages and broken links, the facts `feuillet check` reports, for maintainers. */
export const healthRoutes: RouteModule = (app, ctx) => {
  app.get('/-/health', async (c) => {
    const revision = await ctx.publication.wiki.revision();
    const lang = ctx.langOf(c);
    return ctx.cached(c, `${revision.id}|${lang}|health`, async () => prepare(200, await healthDocument(ctx.publication, lang), 'text/html; charset=utf-8'));
  });
};
