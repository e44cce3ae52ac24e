import { LEGAL_PAGE_KINDS } from '../../config/wiki-settings.js';
import { legalDocument } from '../../pages/documents.js';
import { prepare } from '../responses.js';
import type { RouteModule } from './context.js';

/**
 * The accessibility statement, legal notice and personal data pages linked from every page's footer;
 * one the settings hand to a wiki page (`accessibility_page`…) sends the reader there, so that old
 * links and bookmarks keep working.
 */
export const legalRoutes: RouteModule = (app, ctx) => {
  for (const kind of LEGAL_PAGE_KINDS) {
    app.get(`/-/${kind}`, async (c) => {
      const lang = ctx.langOf(c);
      const revision = await ctx.publication.wiki.revision();
      const standIn = ctx.publication.site.legalPages?.[kind];
      // Not permanent: a commit to the settings may give the page back to Feuillet.
      if (standIn !== undefined) return c.redirect(standIn, 302);
      return ctx.cached(c, `${revision.id}|${lang}|${kind}`, async () => prepare(200, legalDocument(ctx.publication, kind, lang), 'text/html; charset=utf-8'));
    });
  }
};
