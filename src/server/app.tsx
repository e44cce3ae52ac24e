import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { GitError, LARGE_BLOB_BYTES } from '../git/index.js';
import { dataFileDocument, folderDocument, notFoundDocument, pageDocument, type Publication } from '../pages/documents.js';
import { STORAGE_REFUSALS, storageFailure } from '../store/storage-failure.js';
import { isCalendar, isDataTable } from '../wiki/data-files.js';
import { ErrorView } from '../views/not-found.js';
import { renderDocument } from '../views/layout.js';
import { negotiateLang, type Lang } from '../views/messages.js';
import { locate } from '../wiki/locate.js';
import type { WikiFile } from '../wiki/revision.js';
import { parseUrlPath } from '../wiki/urls.js';
import { ASSETS } from './assets.js';
import { cachedPagesFirst } from './middleware/cached-pages.js';
import { requestBodyLimit } from './middleware/body-limit.js';
import { accountNavOf, installAccessControl, viewerCacheKey } from './middleware/guard.js';
import type { AccessServices } from './middleware/services.js';
import { deniedAnswer } from './routes/auth-pages.js';
import { deniedKeepingEditorText } from './routes/edit.js';
import { cloneUrlOf } from './routes/git-http.js';
import { contentTypeOf } from './content-types.js';
import { prepare, responseCache, send, sendStream, type Prepared } from './responses.js';
import type { RouteContext } from './routes/context.js';
import { bodyLimitsOf, tooLargeAnswer } from './routes/request-limits.js';
import { ROUTE_MODULES } from './routes/index.js';
import { UserError } from '../user-error.js';

export interface AppOptions {
  publication: Publication;
  /** The wiki's own language, used when the reader's browser asks for none we have. */
  defaultLang: Lang;
  /** Accounts, sessions, access control and git over HTTP; absent: a public, read-only wiki. */
  services?: AccessServices;
  /** Where the search index is kept (`--data`); default: the repository's own data folder. */
  dataDir?: string;
}

const HTML = 'text/html; charset=utf-8';

/** The HTTP face of a wiki: pages, folders, attachments, sources, assets; Feuillet's own pages under `/-/`. */
export function createApp(options: AppOptions): Hono {
  const { publication } = options;
  const { wiki } = publication;
  const app = new Hono();
  const langOf = (c: Context): Lang => negotiateLang(c.req.header('accept-language'), options.defaultLang);
  const { services } = options;

  /** With accounts, the header's links and the clone URL depend on who reads and where from. */
  function publicationFor(c: Context): Publication {
    if (!services) return publication;
    const cloneUrl = cloneUrlOf(c, services, publication.site.basePath);
    return { ...publication, site: { ...publication.site, account: accountNavOf(c), ...(cloneUrl ? { cloneUrl } : {}) } };
  }
  const siteFor = (c: Context) => ({ ...publicationFor(c).site, lang: langOf(c) });
  /** With accounts, answers differ by the reader's role and the address the wiki is reached at. */
  const viewerKey = (c: Context) => (services ? `${viewerCacheKey(c)}|${cloneUrlOf(c, services, '')}|` : '');
  /** What the page route's answer depends on: revision, reader's language, URL path. */
  const pageKey = (c: Context, revisionId: string) => `${revisionId}|${langOf(c)}|${c.req.path}`;
  // A work tree is walked again at each revision() unless watched: asking once per request is enough there.
  if (wiki.source.kind === 'git') {
    app.use('*', cachedPagesFirst({ services, revisionId: async () => (await wiki.revision()).id, keyOf: (c, revisionId) => viewerKey(c) + pageKey(c, revisionId) }));
  }
  const ctx: RouteContext = { publication, defaultLang: options.defaultLang, dataDir: options.dataDir ?? wiki.source.defaultDataDir, langOf, cached, publicationFor, siteFor, ...(services ? { services } : {}) };
  if (services) {
    // Before the CSRF check, the first to read a form: a body too large is refused unread.
    app.use('*', requestBodyLimit(bodyLimitsOf(ctx), tooLargeAnswer(ctx)));
    installAccessControl(app, services, deniedKeepingEditorText(deniedAnswer(siteFor), ctx));
  }

  /**
   * Serves from the response cache, filling it on a miss: every response depends on revision + URL + language
   * (and, with accounts, on the reader's role and the address the wiki is reached at).
   */
  async function cached(c: Context, key: string, make: () => Promise<Prepared>): Promise<Response> {
    const viewer = viewerKey(c);
    let prepared = responseCache.get(viewer + key);
    if (!prepared) {
      prepared = await make();
      if (prepared.incomplete) return send(c, prepared, 'no-store');
      if (viewer && prepared.etag) prepared = { ...prepared, etag: prepared.etag.replace(/"$/, `.${viewerCacheKey(c)}"`) };
      responseCache.set(viewer + key, prepared);
    }
    return send(c, prepared);
  }

  app.get('/-/assets/:name', (c) => {
    const asset = ASSETS.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return send(c, prepare(200, asset.body, asset.type), 'public, max-age=31536000, immutable');
  });

  /** A file large enough to get a git process of its own, sent as it is read; undefined for the others. */
  const streamFile = wiki.source.stream?.bind(wiki.source);
  function streamed(c: Context, file: WikiFile, typeName: string, headers?: Record<string, string>): Promise<Response> | undefined {
    if (!streamFile || file.size <= LARGE_BLOB_BYTES) return undefined;
    return sendStream(c, { open: () => streamFile(file), size: file.size, etag: `"${file.id}"`, ...(headers ? { headers } : {}) }, (head) => contentTypeOf(typeName, head));
  }

  /**
   * Files by path after a prefix: `/-/source/` (Markdown as text), `/-/raw/` (always the bytes, never a page),
   * `/-/repo/` (repository files outside a sub-folder wiki).
   */
  const rawRoutes: [string, 'source' | 'raw' | 'repository'][] = [['/-/source', 'source'], ['/-/raw', 'raw'], ['/-/repo', 'repository']];
  for (const [prefix, kind] of rawRoutes) {
    app.get(`${prefix}/*`, async (c) => {
      const revision = await wiki.revision();
      const parsed = parseUrlPath(c.req.path.slice(prefix.length));
      if (parsed.kind !== 'file') return c.notFound();
      const file = kind === 'repository' ? undefined : revision.files.get(parsed.path);
      // Markdown is shown as its text, never offered as a download.
      const typeName = kind !== 'raw' && parsed.path.endsWith('.md') ? 'source.txt' : parsed.path;
      const large = file && streamed(c, file, typeName);
      if (large) return large;
      const bytes = file ? await wiki.source.read(file) : kind === 'repository' ? await wiki.source.repositoryFile(revision, parsed.path) : undefined;
      if (!bytes) return c.notFound();
      return send(c, prepare(200, bytes, contentTypeOf(typeName, bytes), file ? `"${file.id}"` : undefined));
    });
  }

  app.get('/-/events', (c) => {
    const watch = wiki.source.watch?.bind(wiki.source);
    if (!watch) return c.notFound();
    return streamSSE(c, async (stream) => {
      let resolveClosed: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
      const stop = watch(() => void stream.writeSSE({ event: 'change', data: 'reload' }).catch(resolveClosed));
      stream.onAbort(resolveClosed);
      await closed;
      stop();
    });
  });

  for (const register of ROUTE_MODULES) register(app, ctx);

  app.all('/-/*', (c) => c.notFound());

  app.get('*', async (c) => {
    const revision = await wiki.revision();
    const lang = langOf(c);
    const publication = publicationFor(c);
    const key = pageKey(c, revision.id);
    const location = locate(revision, c.req.path);
    switch (location.kind) {
      case 'redirect':
        return c.redirect(publication.site.basePath + location.to, 301);
      case 'file': {
        const file = location.file;
        // Browsers get calendars and tables as pages; calendar applications and scripts get the file.
        if ((isCalendar(file.path) || isDataTable(file.path)) && /\btext\/html\b/.test(c.req.header('accept') ?? '')) {
          return cached(c, `${key}|html|${new Date().toISOString().slice(0, 13)}`, async () =>
            prepare(200, await dataFileDocument(publication, revision, file, lang), HTML, undefined, { Vary: 'Accept, Accept-Encoding, Accept-Language' }),
          );
        }
        const vary = isCalendar(file.path) || isDataTable(file.path) ? { Vary: 'Accept, Accept-Encoding, Accept-Language' } : undefined;
        const large = streamed(c, file, file.path, vary);
        if (large) return large;
        return cached(c, key, async () => {
          const bytes = await wiki.source.read(file);
          return prepare(200, bytes, contentTypeOf(file.path, bytes), `"${file.id}"`, vary);
        });
      }
      case 'page': {
        const file = location.file;
        return cached(c, key, async () => {
          const { html, complete } = await pageDocument(publication, revision, file, lang);
          return complete ? prepare(200, html, HTML, `W/"${file.id.slice(0, 20)}.${revision.id.slice(0, 12)}.${lang}"`) : { ...prepare(200, html, HTML), incomplete: true };
        });
      }
      case 'folder-listing':
        return cached(c, key, async () => prepare(200, await folderDocument(publication, revision, location.folder, lang), HTML, `W/"${revision.id.slice(0, 20)}.${lang}"`));
      case 'not-found':
        return cached(c, key, async () => prepare(404, await notFoundDocument(publication, revision, location.suggestions, lang), HTML));
    }
  });

  app.notFound(async (c) => {
    const lang = langOf(c);
    return send(c, prepare(404, await notFoundDocument(publicationFor(c), undefined, [], lang), HTML));
  });

  app.onError((error, c) => {
    const lang = langOf(c);
    const failure = storageFailure(error);
    // A user's error met where no route answered it gets its own status and sentence, like a full disk.
    const refusal = failure ? STORAGE_REFUSALS[failure] : error instanceof UserError ? error : undefined;
    if (error instanceof GitError || refusal) console.error(error.message);
    else console.error(error);
    return send(c, prepare(refusal?.status ?? 500, renderDocument(<ErrorView site={{ ...publicationFor(c).site, lang }} text={refusal?.[lang]} />), HTML));
  });

  return app;
}
