import type { Context } from 'hono';
import { recentChangesDocument, commitDocument, diffDocument, historyDocument, oldVersionDocument, type HistoryDocument } from '../../pages/history-documents.js';
import { parseUrlPath } from '../../wiki/urls.js';
import type { WikiPath } from '../../wiki/path.js';
import { prepare } from '../responses.js';
import type { RouteContext, RouteModule } from './context.js';

const HTML = 'text/html; charset=utf-8';

/** The wiki file path after a route prefix (`/-/history/a/b.md` → `a/b.md`), or undefined. */
export function pathAfter(requestPath: string, prefix: string): WikiPath | undefined {
  const parsed = parseUrlPath(requestPath.slice(prefix.length));
  return parsed.kind === 'file' ? parsed.path : undefined;
}

const pageNumber = (c: Context) => Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);

async function answer(c: Context, ctx: RouteContext, key: string, make: () => Promise<HistoryDocument>): Promise<Response> {
  const revision = await ctx.publication.wiki.revision();
  return ctx.cached(c, `${revision.id}|${ctx.langOf(c)}|${key}`, async () => {
    const document = await make();
    return prepare(document.status, document.html, HTML);
  });
}

/** A page's history, a page as it was, what a commit changed, one commit, and the recent changes. */
export const historyRoutes: RouteModule = (app, ctx) => {
  const pub = ctx.publication;

  app.get('/-/history/*', (c) => {
    const path = pathAfter(c.req.path, '/-/history');
    if (path === undefined) return c.notFound();
    const page = pageNumber(c);
    // As this reader sees it (cached per role): writers get the buttons that restore older versions.
    return answer(c, ctx, `history|${path}|${page}`, () => historyDocument(ctx.publicationFor(c), path, page, ctx.langOf(c)));
  });

  app.get('/-/at/:commit/*', (c) => {
    const commit = c.req.param('commit');
    const path = pathAfter(c.req.path, `/-/at/${commit}`);
    if (path === undefined) return c.notFound();
    return answer(c, ctx, `at|${commit}|${path}`, () => oldVersionDocument(pub, commit, path, ctx.langOf(c)));
  });

  app.get('/-/diff/:commit/*', (c) => {
    const commit = c.req.param('commit');
    const path = pathAfter(c.req.path, `/-/diff/${commit}`);
    if (path === undefined) return c.notFound();
    return answer(c, ctx, `diff|${commit}|${path}`, () => diffDocument(pub, commit, path, ctx.langOf(c)));
  });

  app.get('/-/commit/:commit', (c) => {
    const commit = c.req.param('commit');
    return answer(c, ctx, `commit|${commit}`, () => commitDocument(pub, commit, ctx.langOf(c)));
  });

  app.get('/-/changes', (c) => {
    const page = pageNumber(c);
    return answer(c, ctx, `changes|${page}`, () => recentChangesDocument(pub, page, ctx.langOf(c)));
  });
};
