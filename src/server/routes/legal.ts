import { legalDocument } from '../../site/documents.js';
import type { LegalPageKind } from '../../views/legal.js';
import { prepare } from '../responses.js';
import type { RouteModule } from './context.js';

const KINDS: LegalPageKind[] = ['accessibilite', 'mentions-legales', 'donnees-personnelles'];

/** The accessibility statement, legal notice and personal data pages linked from every page's footer. */
export const legalRoutes: RouteModule = (app, ctx) => {
  for (const kind of KINDS) {
    app.get(`/-/${kind}`, async (c) => {
      const lang = ctx.langOf(c);
      const revision = await ctx.publication.wiki.revision();
      return ctx.cached(c, `${revision.id}|${lang}|${kind}`, async () => prepare(200, legalDocument(ctx.publication, kind, lang), 'text/html; charset=utf-8'));
    });
  }
};
