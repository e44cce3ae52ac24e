/**
 * The writer's file operations (`/-/new`, `/-/rename/PATH`, `/-/delete/PATH`, `/-/upload`,
 * `/-/restore/COMMIT/PATH`): a form on GET, one commit on POST (edit/file-operations.ts), for writers
 * only (role guard; the CSRF check runs before every POST). A form that cannot be done comes back filled
 * in with the reason; forms are never cached (they carry the viewer's CSRF token).
 */
import type { Context } from 'hono';
import { DEPLOYMENT_SETTINGS } from '../../config/schema.js';
import { ACCEPTED_EXTENSIONS } from '../../edit/attachment-check.js';
import { createPage, deletePage, movePage, restoreVersion, sizeText, uploadFile, versionToRestore } from '../../edit/file-operations.js';
import { isRefusal, type Refusal } from '../../user-error.js';
import { authorOf } from '../../edit/author.js';
import { backlinksOf } from '../../wiki/backlinks.js';
import { versionUrl } from '../../wiki/history-urls.js';
import { baseName, isMarkdown, parentOf, type WikiPath } from '../../wiki/path.js';
import { isFolderIndex, type Revision } from '../../wiki/revision.js';
import { fileUrl, folderUrl, pageUrl } from '../../wiki/urls.js';
import type { Wiki } from '../../wiki/wiki.js';
import { CreatePageView, DeleteView, RenameView, RestoreView, UploadView, type BacklinkView, type PageRef } from '../../views/file-ops.js';
import { FILE_OPS } from '../../views/file-ops-links.js';
import { renderDocument } from '../../views/layout.js';
import { messagesFor } from '../../views/messages.js';
import { formToken } from '../middleware/csrf.js';
import { guard } from '../middleware/guard.js';
import { viewerOf } from '../middleware/viewer.js';
import { prepare, send } from '../responses.js';
import { field, formOf } from './auth-pages.js';
import type { RouteModule } from './context.js';
import { pathAfter } from './history.js';

const HTML = 'text/html; charset=utf-8';

const uploadLimits = new WeakMap<Wiki, number>();

/** The deployment's upload limit for a wiki (`edit.max_upload_bytes`; `feuillet serve` sets it). */
export function setUploadLimit(wiki: Wiki, bytes: number): void {
  uploadLimits.set(wiki, bytes);
}

export function uploadLimitOf(wiki: Wiki): number {
  return uploadLimits.get(wiki) ?? DEPLOYMENT_SETTINGS['edit.max_upload_bytes'].default;
}

export const fileOpsRoutes: RouteModule = (app, ctx) => {
  const { wiki } = ctx.publication;
  const base = ctx.publication.site.basePath;
  const writers = guard('edit');

  const page = (c: Context, status: number, element: unknown) => send(c, prepare(status, renderDocument(element as never), HTML), 'no-store');
  const crumbs = (c: Context) => [{ label: messagesFor(ctx.langOf(c)).home, href: `${base}/` }];
  const errorText = (c: Context, refused: Refusal | undefined) => (refused ? refused[ctx.langOf(c)] : undefined);
  const folders = (revision: Revision) => [...revision.folders].filter((f) => f !== '').sort((a, b) => a.localeCompare(b, 'fr'));
  const author = (c: Context) => {
    const viewer = viewerOf(c);
    if (viewer.kind !== 'user') throw new Error('the role guard lets only signed-in writers through');
    return authorOf(viewer.user);
  };
  const urlOf = (revision: Revision, path: WikiPath) => base + pageUrl(path, isFolderIndex(revision, path));
  const pageRef = async (revision: Revision, path: WikiPath): Promise<PageRef> => ({ path, title: await wiki.titleOf(revision, path), url: urlOf(revision, path) });
  const backlinks = async (revision: Revision, path: WikiPath): Promise<BacklinkView[]> => (await backlinksOf(wiki, revision, path)).map((b) => ({ title: b.title, path: b.path, url: b.url }));
  /** A Markdown page of the wiki named after `prefix` in the request's path. */
  const pageIn = async (c: Context, prefix: string): Promise<{ revision: Revision; path: WikiPath } | undefined> => {
    const path = pathAfter(c.req.path, prefix);
    const revision = await wiki.revision();
    return path !== undefined && isMarkdown(path) && revision.files.has(path) ? { revision, path } : undefined;
  };
  /** The editor of the new page when the wiki has one (`/-/edit/PATH`), else the page itself. */
  const afterCreate = (revision: Revision, path: WikiPath) =>
    app.routes.some((r) => r.path === '/-/edit/*') ? `${base}/-/edit/${path.split('/').map(encodeURIComponent).join('/')}` : urlOf(revision, path);
  /** Where to go once a page is gone: its folder when it still has something to show, else the home page. */
  const afterDelete = (revision: Revision, path: WikiPath) => {
    const folder = parentOf(path);
    return revision.folders.has(folder) ? base + folderUrl(folder) : `${base}/`;
  };

  // ---- New page ----
  const createForm = async (c: Context, values: { folder: string; title: string; name: string }, refused?: Refusal) => {
    const revision = await wiki.revision();
    return page(c, refused ? 400 : 200, <CreatePageView site={ctx.siteFor(c)} csrf={formToken(c)} crumbs={crumbs(c)} error={errorText(c, refused)} values={values} folders={folders(revision)} />);
  };
  app.get(FILE_OPS.create, writers, (c) =>
    createForm(c, { folder: (c.req.query('folder') ?? '').slice(0, 1000), title: (c.req.query('title') ?? '').slice(0, 300), name: (c.req.query('name') ?? '').slice(0, 300) }),
  );
  app.post(FILE_OPS.create, writers, async (c) => {
    const body = await formOf(c);
    const values = { folder: field(body, 'folder') ?? '', title: field(body, 'title') ?? '', name: field(body, 'name') ?? '' };
    const done = await createPage(wiki, author(c), values);
    if (isRefusal(done)) return createForm(c, values, done);
    return c.redirect(afterCreate(await wiki.revision(), done.path), 303);
  });

  // ---- Rename or move ----
  const renameForm = async (c: Context, revision: Revision, path: WikiPath, values: { to: string; updateLinks: boolean; message: string }, refused?: Refusal) =>
    page(
      c,
      refused ? 400 : 200,
      <RenameView site={ctx.siteFor(c)} csrf={formToken(c)} crumbs={crumbs(c)} error={errorText(c, refused)} page={await pageRef(revision, path)} values={values} backlinks={await backlinks(revision, path)} folders={folders(revision)} />,
    );
  app.get(`${FILE_OPS.rename}*`, writers, async (c) => {
    const found = await pageIn(c, FILE_OPS.rename.slice(0, -1));
    if (!found) return c.notFound();
    return renameForm(c, found.revision, found.path, { to: found.path, updateLinks: true, message: '' });
  });
  app.post(`${FILE_OPS.rename}*`, writers, async (c) => {
    const found = await pageIn(c, FILE_OPS.rename.slice(0, -1));
    if (!found) return c.notFound();
    const body = await formOf(c);
    // An unticked box is not sent: the form says it offered the choice.
    const values = { to: field(body, 'to') ?? '', updateLinks: field(body, 'updateLinks') === '1' || field(body, 'linksOffered') !== '1', message: field(body, 'message') ?? '' };
    const done = await movePage(wiki, author(c), { from: found.path, to: values.to, updateLinks: values.updateLinks, message: values.message });
    if (isRefusal(done)) return renameForm(c, await wiki.revision(), found.path, values, done);
    return c.redirect(urlOf(await wiki.revision(), done.to), 303);
  });

  // ---- Delete ----
  const deleteForm = async (c: Context, revision: Revision, path: WikiPath, message: string, refused?: Refusal) =>
    page(c, refused ? 400 : 200, <DeleteView site={ctx.siteFor(c)} csrf={formToken(c)} crumbs={crumbs(c)} error={errorText(c, refused)} page={await pageRef(revision, path)} backlinks={await backlinks(revision, path)} message={message} />);
  app.get(`${FILE_OPS.remove}*`, writers, async (c) => {
    const found = await pageIn(c, FILE_OPS.remove.slice(0, -1));
    if (!found) return c.notFound();
    return deleteForm(c, found.revision, found.path, '');
  });
  app.post(`${FILE_OPS.remove}*`, writers, async (c) => {
    const found = await pageIn(c, FILE_OPS.remove.slice(0, -1));
    if (!found) return c.notFound();
    const message = field(await formOf(c), 'message') ?? '';
    const done = await deletePage(wiki, author(c), { path: found.path, message });
    if (isRefusal(done)) return deleteForm(c, found.revision, found.path, message, done);
    return c.redirect(afterDelete(await wiki.revision(), found.path), 303);
  });

  // ---- Upload ----
  const uploadForm = async (c: Context, values: { folder: string; replace: boolean; message: string }, options: { refused?: Refusal; status?: number; uploaded?: WikiPath } = {}) => {
    const revision = await wiki.revision();
    const lang = ctx.langOf(c);
    const uploaded = options.uploaded && revision.files.has(options.uploaded) ? options.uploaded : undefined;
    const relative = uploaded ? baseName(uploaded) : '';
    return page(
      c,
      options.status ?? (options.refused ? 400 : 200),
      <UploadView
        site={ctx.siteFor(c)}
        csrf={formToken(c)}
        crumbs={crumbs(c)}
        error={errorText(c, options.refused)}
        values={values}
        folders={folders(revision)}
        formats={ACCEPTED_EXTENSIONS}
        limit={sizeText(uploadLimitOf(wiki), lang)}
        fileLost={options.refused !== undefined}
        uploaded={uploaded ? { path: uploaded, url: base + fileUrl(uploaded), link: `[${relative}](${encodeURI(relative)})` } : undefined}
      />,
    );
  };
  app.get(FILE_OPS.upload, writers, async (c) => {
    const done = pathAfter(`/${c.req.query('done') ?? ''}`, '');
    return uploadForm(c, { folder: (c.req.query('folder') ?? '').slice(0, 1000), replace: false, message: '' }, done ? { uploaded: done } : {});
  });
  app.post(FILE_OPS.upload, writers, async (c) => {
    // A body far over the limit never gets here: it is refused unread (routes/request-limits.tsx).
    const limit = uploadLimitOf(wiki);
    const body = await formOf(c);
    const values = { folder: field(body, 'folder') ?? '', replace: field(body, 'replace') === '1', message: field(body, 'message') ?? '' };
    const file = body.file;
    if (!(file instanceof File)) return uploadForm(c, values, { refused: { kind: 'refused', fr: 'Choisissez un fichier à déposer.', en: 'Choose a file to upload.' } });
    const content = Buffer.from(await file.arrayBuffer());
    const done = await uploadFile(wiki, author(c), { ...values, name: file.name, content, maxBytes: limit });
    if (isRefusal(done)) return uploadForm(c, values, { refused: done, status: file.size > limit ? 413 : 400 });
    const query = new URLSearchParams({ folder: parentOf(done.path), done: done.path });
    return c.redirect(`${base}${FILE_OPS.upload}?${query.toString()}`, 303);
  });

  // ---- Restore ----
  const restoreForm = async (c: Context, commit: string, path: WikiPath, message: string, refused?: Refusal) => {
    const plan = await versionToRestore(wiki, commit, path);
    if (isRefusal(plan)) return c.notFound();
    const revision = await wiki.revision();
    const current: PageRef = revision.files.has(path) ? await pageRef(revision, path) : { path, title: baseName(path), url: `${base}/-/history/${path.split('/').map(encodeURIComponent).join('/')}` };
    const version = { commit: plan.commit.id, authorName: plan.commit.authorName, date: plan.commit.date, subject: plan.commit.subject, href: versionUrl(base, plan.commit.id, plan.pathThen) };
    return page(c, refused ? 400 : 200, <RestoreView site={ctx.siteFor(c)} csrf={formToken(c)} crumbs={crumbs(c)} error={errorText(c, refused)} page={current} version={version} message={message} />);
  };
  app.get(`${FILE_OPS.restore}:commit/*`, writers, async (c) => {
    const commit = c.req.param('commit');
    const path = pathAfter(c.req.path, `${FILE_OPS.restore}${commit}`);
    if (path === undefined || !/^[0-9a-f]{4,64}$/.test(commit)) return c.notFound();
    return restoreForm(c, commit, path, '');
  });
  app.post(`${FILE_OPS.restore}:commit/*`, writers, async (c) => {
    const commit = c.req.param('commit');
    const path = pathAfter(c.req.path, `${FILE_OPS.restore}${commit}`);
    if (path === undefined || !/^[0-9a-f]{4,64}$/.test(commit) || !isMarkdown(path)) return c.notFound();
    const message = field(await formOf(c), 'message') ?? '';
    const done = await restoreVersion(wiki, author(c), { commit, path, message });
    if (isRefusal(done)) return restoreForm(c, commit, path, message, done);
    return c.redirect(urlOf(await wiki.revision(), path), 303);
  });
};
