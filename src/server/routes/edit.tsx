/**
 * `/-/edit/PATH`: the page editor. Writers save on the published branch (a three-way merge when the page
 * changed meanwhile, a 409 with their text, the current version and the conflict when the same lines
 * did); contributors without write access propose the change, which enters the review like an emailed
 * patch. `POST /-/preview` renders a text as the page would be, for the editor's live preview.
 */
import type { Context } from 'hono';
import { ApplyInputError, blobAt, CommitFilesError } from '../../git/index.js';
import { authorOf } from '../../edit/author.js';
import { fileFromForm, formFromFile } from '../../edit/form-text.js';
import { proposeEdit } from '../../edit/proposal.js';
import { commitMessage, saveEdit, type Refused } from '../../edit/save.js';
import { STORAGE_REFUSALS, storageFailure } from '../../store/storage-failure.js';
import { sizeText } from '../../edit/file-operations.js';
import type { ProposedChange } from '../../review/change-record.js';
import { changeByNumber } from '../../review/changes.js';
import type { ReviewDesk } from '../../review/desk.js';
import { previewChange } from '../../review/preview.js';
import { pageLabels } from '../../pages/documents.js';
import { EditorView, type EditorFlash } from '../../views/editor.js';
import { EditorTextKeptView } from '../../views/editor-text-kept.js';
import { EDIT_PREFIX, editHref, PREVIEW_PATH } from '../../views/editor-links.js';
import { FILE_OPS } from '../../views/file-ops-links.js';
import { renderDocument } from '../../views/layout.js';
import { messagesFor } from '../../views/messages.js';
import { canonicalUrl } from '../../wiki/locate.js';
import { isMarkdown, parseWikiPath, type WikiPath } from '../../wiki/path.js';
import type { Revision, WikiFile } from '../../wiki/revision.js';
import { parseUrlPath } from '../../wiki/urls.js';
import { formToken } from '../middleware/csrf.js';
import type { DeniedAnswer } from '../middleware/denial.js';
import { allows, guard } from '../middleware/guard.js';
import { viewerOf } from '../middleware/viewer.js';
import { prepare, send } from '../responses.js';
import { field, formOf, page } from './auth-pages.js';
import type { RouteContext, RouteModule } from './context.js';
import { reviewDeskOf } from './review-desks.js';
import { changeHref } from './review-pages.js';

const HTML = 'text/html; charset=utf-8';

/** What the editor shows besides the page's own text: the writer's text, a base, a message, a flash. */
interface EditorState {
  readonly text: string;
  readonly base: string;
  readonly message?: string | undefined;
  readonly flash?: EditorFlash;
  readonly revises?: number | undefined;
  /** Proposals: "also send to the list" as the contributor left it. */
  readonly mailToList?: boolean;
}

export const editRoutes: RouteModule = (app, ctx) => {
  if (!ctx.services) return;
  const { wiki } = ctx.publication;

  app.get(`${EDIT_PREFIX}/*`, guard('propose'), async (c) => {
    const found = await editedPage(ctx, c);
    if (found.kind !== 'page') return unavailable(ctx, c, found.kind);
    const { desk, revision, file } = found;
    const revise = await ownProposal(desk, c, c.req.query('revise'));
    const proposed = revise ? await proposedText(desk, revise, file, ctx.langOf(c)) : undefined;
    const text = proposed?.text ?? formFromFile(await wiki.source.read(file));
    return editorPage(ctx, c, found, { text, base: proposed?.base ?? revision.id, revises: revise?.number }, 200);
  });

  app.post(`${EDIT_PREFIX}/*`, guard('propose'), async (c) => {
    const found = await editedPage(ctx, c);
    if (found.kind === 'gone') return goneWhileEdited(ctx, c, found);
    if (found.kind !== 'page') return unavailable(ctx, c, found.kind);
    const { desk, file } = found;
    const form = await formOf(c);
    const lang = ctx.langOf(c);
    const m = messagesFor(lang).editor;
    const state = { text: field(form, 'text') ?? '', base: (field(form, 'base') ?? '').trim(), message: field(form, 'message'), mailToList: field(form, 'mail') === '1' };
    if (field(form, 'action') === 'preview') return editorPage(ctx, c, found, state, 200);
    const viewer = viewerOf(c);
    if (viewer.kind !== 'user') return c.get('deny')(c, 'sign-in');
    const author = authorOf(viewer.user);
    const title = (await wiki.head(file)).title;
    const message = commitMessage(state.message, m.defaultMessage(title));
    const maxBytes = wiki.options.maxPageBytes;
    try {
      if (allows(c, 'edit')) {
        const outcome = await saveEdit(
          { repo: desk.repo, branch: desk.options.branch, root: desk.options.root },
          { sourcePath: file.sourcePath, base: state.base, text: state.text, message, author, maxBytes },
        );
        switch (outcome.kind) {
          case 'saved':
          case 'unchanged':
            return c.redirect(ctx.publication.site.basePath + canonicalUrl(await wiki.revision(), file), 303);
          case 'conflict':
            return editorPage(ctx, c, found, { ...state, base: outcome.head, flash: { kind: 'conflict', current: outcome.current, markers: outcome.markers, removed: outcome.removed } }, 409);
          case 'refused':
            return refusedPage(ctx, c, found, state, outcome);
        }
      }
      const revises = await ownProposal(desk, c, field(form, 'revise'));
      const outcome = await proposeEdit(desk, { sourcePath: file.sourcePath, base: state.base, text: state.text, message, author, maxBytes, mailToList: state.mailToList, ...(revises ? { revises } : {}) });
      switch (outcome.kind) {
        case 'proposed':
          if (outcome.change !== undefined) {
            // The change's page says how the list's copy went, when one was asked for.
            const mailed = outcome.mailed === undefined ? '' : `?mail=${outcome.mailed.kind === 'sent' ? 'sent' : 'waiting'}`;
            return c.redirect(`${changeHref(ctx.publication.site.basePath, outcome.change)}${mailed}`, 303);
          }
          return editorPage(ctx, c, found, { ...state, flash: { kind: 'done', text: m.proposed(0) } }, 200);
        case 'unchanged':
          return editorPage(ctx, c, found, { ...state, revises: revises?.number, flash: { kind: 'done', text: m.unchanged } }, 200);
        case 'refused':
          return refusedPage(ctx, c, found, { ...state, revises: revises?.number }, outcome);
      }
    } catch (error) {
      if (error instanceof ApplyInputError || error instanceof CommitFilesError) {
        return refusedPage(ctx, c, found, state, { kind: 'refused', status: 400, fr: error.fr, en: error.en });
      }
      // The disk full or read-only: the editor comes back with the writer's text, and says so.
      const failure = storageFailure(error);
      if (failure === undefined) throw error;
      console.error(`Enregistrement impossible / cannot save ${file.sourcePath}: ${(error as Error).message}`);
      return refusedPage(ctx, c, found, state, { kind: 'refused', ...STORAGE_REFUSALS[failure] });
    }
  });

  app.post(PREVIEW_PATH, guard('propose'), async (c) => {
    const form = await formOf(c);
    const text = field(form, 'text') ?? '';
    // The text is judged as a save would judge it, with the same words, before anything else.
    const judged = fileFromForm(text, undefined, wiki.options.maxPageBytes);
    if (judged.kind === 'refused') return c.text(judged[ctx.langOf(c)], judged.reason === 'too-large' ? 413 : 400);
    const path = parseWikiPath(field(form, 'path') ?? '');
    if (path === undefined || !isMarkdown(path)) return c.text(messagesFor(ctx.langOf(c)).editor.notAPage, 400);
    const html = await previewHtml(ctx, c, await wiki.revision(), path, text);
    return send(c, prepare(200, html, HTML), 'no-store');
  });
};

/**
 * The refusal of a form sent to the editor before it is read (session expired, form token no longer
 * valid, role withdrawn) shows the text it carried, to copy before signing in again: without JavaScript
 * there is no draft in the browser, and the text would be lost. Other refusals are `deny`'s.
 */
export function deniedKeepingEditorText(deny: DeniedAnswer, ctx: RouteContext): DeniedAnswer {
  return async (c, reason) => {
    if (c.req.method !== 'POST' || !c.req.path.startsWith(`${EDIT_PREFIX}/`)) return deny(c, reason);
    // The CSRF check has read the form already (hono keeps it): no second reading.
    const form = await formOf(c);
    const text = field(form, 'text');
    if (text === undefined) return deny(c, reason);
    const site = ctx.siteFor(c);
    const editorPath = new URL(c.req.url).pathname;
    const signInHref = viewerOf(c).kind === 'user' ? undefined : `${site.basePath}/-/login?next=${encodeURIComponent(editorPath)}`;
    const view = EditorTextKeptView({ site, reason, text, message: field(form, 'message'), signInHref, next: { kind: 'editor', href: site.basePath + editorPath } });
    return page(c, view, reason === 'sign-in' ? 401 : 403);
  };
}

type EditedPage =
  | { readonly kind: 'page'; readonly desk: ReviewDesk; readonly revision: Revision; readonly file: WikiFile }
  /** A page of the wiki that is no more: deleted or renamed, perhaps while someone edited it. */
  | { readonly kind: 'gone'; readonly desk: ReviewDesk; readonly revision: Revision; readonly path: WikiPath }
  | { readonly kind: 'not-found' | 'not-a-page' | 'unavailable' | 'too-large' };

/** The page the editor's address names, on the wiki's current revision, and the desk it is written through. */
async function editedPage(ctx: RouteContext, c: Context): Promise<EditedPage> {
  const parsed = parseUrlPath(c.req.path.slice(EDIT_PREFIX.length));
  if (parsed.kind !== 'file') return { kind: 'not-found' };
  if (!isMarkdown(parsed.path)) return { kind: 'not-a-page' };
  const desk = await reviewDeskOf(ctx);
  if (!desk) return { kind: 'unavailable' };
  const revision = await ctx.publication.wiki.revision();
  const file = revision.files.get(parsed.path);
  if (!file) return { kind: 'gone', desk, revision, path: parsed.path };
  // Past the largest page, the editor would hold and send back megabytes that no save would take.
  return file.size > ctx.publication.wiki.options.maxPageBytes ? { kind: 'too-large' } : { kind: 'page', desk, revision, file };
}

/** The change `number` names when the viewer sent it: the proposal a new version revises. */
async function ownProposal(desk: ReviewDesk, c: Context, number: string | undefined): Promise<ProposedChange | undefined> {
  if (!number || !/^[1-9]\d{0,9}$/.test(number)) return undefined;
  const viewer = viewerOf(c);
  const found = await changeByNumber(desk.db, Number(number));
  if (!found || viewer.kind !== 'user') return undefined;
  return found.change.sender.address.toLowerCase() === viewer.user.email.toLowerCase() ? found.change : undefined;
}

/** The page as the proposal would make it, and the branch commit that preview was made on. */
async function proposedText(desk: ReviewDesk, change: ProposedChange, file: WikiFile, lang: 'fr' | 'en'): Promise<{ text: string; base: string } | undefined> {
  const preview = await previewChange(desk, change, pageLabels(lang));
  if (preview.kind !== 'preview') return undefined;
  const repoPath = desk.options.root ? `${desk.options.root}/${file.sourcePath}` : file.sourcePath;
  const blob = await blobAt(desk.repo, preview.head, repoPath);
  return blob ? { text: formFromFile(await desk.repo.readBlob(blob)), base: preview.base } : undefined;
}

async function previewHtml(ctx: RouteContext, c: Context, revision: Revision, path: WikiPath, text: string): Promise<string> {
  const page = await ctx.publication.wiki.preview(revision, path, text, pageLabels(ctx.langOf(c)));
  return page.body.kind === 'html' ? page.body.html : '';
}

async function editorPage(ctx: RouteContext, c: Context, found: EditedPage & { kind: 'page' }, state: EditorState, status: number): Promise<Response> {
  const { wiki } = ctx.publication;
  const { revision, file } = found;
  const site = ctx.siteFor(c);
  const m = messagesFor(site.lang);
  const base = site.basePath;
  const title = (await wiki.head(file)).title;
  const pageHref = base + canonicalUrl(revision, file);
  const html = renderDocument(
    <EditorView
      site={site}
      crumbs={[
        { label: m.home, href: `${base}/` },
        { label: title, href: pageHref },
      ]}
      title={title}
      mode={allows(c, 'edit') ? 'edit' : 'propose'}
      action={editHref(base, file.path)}
      previewAction={`${base}${PREVIEW_PATH}`}
      pageHref={pageHref}
      formToken={formToken(c)}
      path={file.path}
      base={state.base}
      text={state.text}
      message={state.message ?? m.editor.defaultMessage(title)}
      previewHtml={Buffer.byteLength(state.text) <= wiki.options.maxPageBytes ? await previewHtml(ctx, c, revision, file.path, state.text) : ''}
      {...(state.flash ? { flash: state.flash } : {})}
      {...(state.revises !== undefined ? { revises: state.revises } : {})}
      mailToList={state.mailToList ?? false}
    />,
  );
  // Never cached: the page holds the viewer's form token and their text.
  return send(c, prepare(status, html, HTML), 'no-store');
}

function refusedPage(ctx: RouteContext, c: Context, found: EditedPage & { kind: 'page' }, state: EditorState, refusal: Refused): Promise<Response> {
  return editorPage(ctx, c, found, { ...state, flash: { kind: 'refused', text: refusal[ctx.langOf(c)] } }, refusal.status);
}

/**
 * A save for a page that was deleted or renamed while it was edited: 404, with the text sent shown back
 * (without JavaScript there is no draft), and the way on: the editor of the page under its new name when
 * the page the editor opened is found elsewhere unchanged, else, for writers, the form that re-creates it.
 */
async function goneWhileEdited(ctx: RouteContext, c: Context, found: EditedPage & { kind: 'gone' }): Promise<Response> {
  const form = await formOf(c);
  const text = field(form, 'text');
  if (text === undefined) return c.notFound();
  const site = ctx.siteFor(c);
  const { desk, revision, path } = found;
  const base = (field(form, 'base') ?? '').trim();
  const repoPath = desk.options.root ? `${desk.options.root}/${path}` : path;
  const opened = /^[0-9a-f]{40,64}$/.test(base) ? await blobAt(desk.repo, base, repoPath).catch(() => undefined) : undefined;
  const moved = opened === undefined ? undefined : [...revision.files.values()].find((file) => file.id === opened && isMarkdown(file.path));
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown)$/i, '');
  const next = moved
    ? ({ kind: 'moved', href: editHref(site.basePath, moved.path), name: moved.path } as const)
    : allows(c, 'edit')
      ? ({ kind: 'recreate', href: `${site.basePath}${FILE_OPS.create}?${new URLSearchParams({ folder, name, title: name })}` } as const)
      : ({ kind: 'none' } as const);
  return page(c, EditorTextKeptView({ site, reason: 'gone', text, message: field(form, 'message'), next }), 404);
}

function unavailable(ctx: RouteContext, c: Context, kind: 'not-found' | 'not-a-page' | 'unavailable' | 'too-large' | 'gone'): Response | Promise<Response> {
  if (kind === 'not-found' || kind === 'gone') return c.notFound();
  const lang = ctx.langOf(c);
  const m = messagesFor(lang).editor;
  if (kind === 'too-large') return c.text(m.tooLargeToEdit(sizeText(ctx.publication.wiki.options.maxPageBytes, lang)), 413);
  return c.text(kind === 'not-a-page' ? m.notAPage : m.unavailable, kind === 'not-a-page' ? 404 : 503);
}
