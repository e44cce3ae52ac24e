/**
 * The writer's file operation forms: new page, rename or move, delete, upload, restore. Plain HTML
 * forms that work without JavaScript; each comes back filled in, with the reason, when it cannot be
 * done. Their few rules of their own are in file-ops.css, loaded by these pages only.
 */
import { CsrfField, Field, FormError } from './account-forms.js';
import { shortId } from './history-parts.js';
import { DateText } from './dates.js';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import { FILE_OPS, newPageHref, uploadHref } from './file-ops-links.js';

export function FileOpsStyles(props: { site: SiteView }) {
  return <link rel="stylesheet" href={`${props.site.basePath}/-/assets/file-ops.css?v=${props.site.assetsVersion}`} />;
}

interface FormPage {
  site: SiteView;
  csrf: string;
  crumbs: Crumb[];
  /** Why the form came back, in the reader's language. */
  error?: string | undefined;
}

function Page(props: FormPage & { title: string; children: unknown }) {
  return (
    <Layout site={props.site} title={props.title} crumbs={props.crumbs} status={props.error ? 'error' : undefined}>
      <FileOpsStyles site={props.site} />
      <FormError text={props.error} lang={props.site.lang} />
      {props.children as never}
    </Layout>
  );
}

function MessageField(props: { site: SiteView; value?: string | undefined }) {
  const m = messagesFor(props.site.lang).fileOps;
  return (
    <p class="form-field">
      <label for="file-op-message">{m.messageLabel}</label>
      <br />
      <span class="form-hint" id="file-op-message-hint">
        {m.messageHint}
      </span>
      <br />
      <textarea id="file-op-message" name="message" rows={2} maxlength={5000} aria-describedby="file-op-message-hint">
        {props.value ?? ''}
      </textarea>
    </p>
  );
}

function Buttons(props: { submit: string; cancelHref: string; cancel: string; danger?: boolean }) {
  return (
    <p class="file-op-buttons">
      <button type="submit" class={props.danger ? 'file-op-danger' : undefined}>
        {props.submit}
      </button>{' '}
      <a href={props.cancelHref}>{props.cancel}</a>
    </p>
  );
}

/** Existing folders, offered as suggestions in folder fields. */
function FolderList(props: { folders: readonly string[] }) {
  return (
    <datalist id="wiki-folders">
      {props.folders.map((folder) => (
        <option value={folder} />
      ))}
    </datalist>
  );
}

export interface BacklinkView {
  title: string;
  path: string;
  url: string;
}

function Backlinks(props: { site: SiteView; backlinks: readonly BacklinkView[]; id: string }) {
  const m = messagesFor(props.site.lang).fileOps;
  return (
    <section aria-labelledby={props.id} class="file-op-backlinks">
      <h2 id={props.id}>{m.backlinksHeading}</h2>
      {props.backlinks.length === 0 ? (
        <p>{m.noBacklinks}</p>
      ) : (
        <ul>
          {props.backlinks.map((b) => (
            <li>
              <a href={b.url}>{b.title}</a> <code>{b.path}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export interface CreateViewProps extends FormPage {
  values: { folder: string; title: string; name: string };
  folders: readonly string[];
}

export function CreatePageView(props: CreateViewProps) {
  const m = messagesFor(props.site.lang).fileOps;
  const base = props.site.basePath;
  return (
    <Page {...props} title={m.createTitle}>
      <form method="post" action={`${base}${FILE_OPS.create}`} class="file-op-form">
        <CsrfField token={props.csrf} />
        <Field id="new-page-title" name="title" label={m.titleLabel} hint={m.titleHint} value={props.values.title} required maxlength={300} autofocus />
        <Field required={false} id="new-page-folder" name="folder" label={m.folderLabel} hint={m.folderHint} value={props.values.folder} list="wiki-folders" maxlength={1000} />
        <Field required={false} id="new-page-name" name="name" label={m.nameLabel} hint={m.nameHint} value={props.values.name} maxlength={200} />
        <FolderList folders={props.folders} />
        <Buttons submit={m.createSubmit} cancelHref={`${base}/`} cancel={m.cancel} />
      </form>
    </Page>
  );
}

export interface PageRef {
  path: string;
  title: string;
  url: string;
}

export interface RenameViewProps extends FormPage {
  page: PageRef;
  values: { to: string; updateLinks: boolean; message: string };
  backlinks: readonly BacklinkView[];
  folders: readonly string[];
}

export function RenameView(props: RenameViewProps) {
  const m = messagesFor(props.site.lang).fileOps;
  return (
    <Page {...props} title={m.renameTitle(props.page.title)}>
      <p>
        {m.currentPath} <code>{props.page.path}</code>
      </p>
      <form method="post" action={`${props.site.basePath}${FILE_OPS.rename}${props.page.path.split('/').map(encodeURIComponent).join('/')}`} class="file-op-form">
        <CsrfField token={props.csrf} />
        <Field id="rename-to" name="to" label={m.newPathLabel} hint={m.newPathHint} value={props.values.to} required maxlength={1000} autofocus />
        <Backlinks site={props.site} backlinks={props.backlinks} id="rename-backlinks" />
        {props.backlinks.length > 0 ? (
          <p class="form-field file-op-check">
            <input type="checkbox" id="rename-update-links" name="updateLinks" value="1" checked={props.values.updateLinks} />{' '}
            <label for="rename-update-links">{m.updateLinks}</label>
          </p>
        ) : null}
        <input type="hidden" name="linksOffered" value="1" />
        <MessageField site={props.site} value={props.values.message} />
        <Buttons submit={m.renameSubmit} cancelHref={props.page.url} cancel={m.cancel} />
      </form>
    </Page>
  );
}

export interface DeleteViewProps extends FormPage {
  page: PageRef;
  backlinks: readonly BacklinkView[];
  message: string;
}

export function DeleteView(props: DeleteViewProps) {
  const m = messagesFor(props.site.lang).fileOps;
  return (
    <Page {...props} title={m.deleteTitle(props.page.title)}>
      <p>
        {m.currentPath} <code>{props.page.path}</code>
      </p>
      <p>{m.deleteText}</p>
      {props.backlinks.length > 0 ? <p class="warning-box">{m.deleteBacklinks}</p> : null}
      <Backlinks site={props.site} backlinks={props.backlinks} id="delete-backlinks" />
      <form method="post" action={`${props.site.basePath}${FILE_OPS.remove}${props.page.path.split('/').map(encodeURIComponent).join('/')}`} class="file-op-form">
        <CsrfField token={props.csrf} />
        <MessageField site={props.site} value={props.message} />
        <Buttons submit={m.deleteSubmit} cancelHref={props.page.url} cancel={m.cancel} danger />
      </form>
    </Page>
  );
}

export interface UploadViewProps extends FormPage {
  values: { folder: string; replace: boolean; message: string };
  folders: readonly string[];
  formats: readonly string[];
  /** The limit, as people read it (`10 Mio`). */
  limit: string;
  /** The form came back after an error: the file has to be chosen again. */
  fileLost: boolean;
  /** After a successful upload: the file's path and a Markdown link to it. */
  uploaded?: { path: string; url: string; link: string } | undefined;
}

export function UploadView(props: UploadViewProps) {
  const m = messagesFor(props.site.lang).fileOps;
  const base = props.site.basePath;
  return (
    <Page {...props} title={m.uploadTitle}>
      {props.uploaded ? (
        <div class="form-notice" role="status">
          <p>
            <a href={props.uploaded.url}>{m.uploaded(props.uploaded.path)}</a>
          </p>
          <p>
            {m.linkToCopy} <code>{props.uploaded.link}</code>
          </p>
        </div>
      ) : null}
      <form method="post" action={`${base}${FILE_OPS.upload}`} enctype="multipart/form-data" class="file-op-form">
        <CsrfField token={props.csrf} />
        <p class="form-field">
          <label for="upload-file">{m.fileLabel}</label>
          <br />
          <span class="form-hint" id="upload-file-hint">
            {m.fileHint(props.formats.join(' '), props.limit)}
            {props.fileLost ? (
              <>
                {' '}
                <strong>{m.fileAgain}</strong>
              </>
            ) : null}
          </span>
          <br />
          <input id="upload-file" name="file" type="file" required accept={props.formats.join(',')} aria-describedby="upload-file-hint" />
        </p>
        <Field required={false} id="upload-folder" name="folder" label={m.folderLabel} hint={m.folderHint} value={props.values.folder} list="wiki-folders" maxlength={1000} />
        <FolderList folders={props.folders} />
        <p class="form-field file-op-check">
          <input type="checkbox" id="upload-replace" name="replace" value="1" checked={props.values.replace} /> <label for="upload-replace">{m.replaceLabel}</label>
        </p>
        <MessageField site={props.site} value={props.values.message} />
        <Buttons submit={m.uploadSubmit} cancelHref={`${base}/`} cancel={m.cancel} />
      </form>
    </Page>
  );
}

export interface RestoreViewProps extends FormPage {
  page: PageRef;
  version: { commit: string; authorName: string; date: string; subject: string; href: string };
  message: string;
}

export function RestoreView(props: RestoreViewProps) {
  const m = messagesFor(props.site.lang).fileOps;
  const v = props.version;
  return (
    <Page {...props} title={m.restoreTitle(props.page.title)}>
      <p>
        {m.versionOf} <code>{shortId(v.commit)}</code>, <DateText iso={v.date} lang={props.site.lang} precision="minute" /> ({v.authorName}) : {v.subject}{' '}
        — <a href={v.href}>{m.seeVersion}</a>
      </p>
      <p>{m.restoreText}</p>
      <form method="post" action={`${props.site.basePath}${FILE_OPS.restore}${encodeURIComponent(v.commit)}/${props.page.path.split('/').map(encodeURIComponent).join('/')}`} class="file-op-form">
        <CsrfField token={props.csrf} />
        <MessageField site={props.site} value={props.message} />
        <Buttons submit={m.restoreSubmit} cancelHref={props.page.url} cancel={m.cancel} />
      </form>
    </Page>
  );
}

/**
 * The writer's buttons for a page or a folder (Nouvelle page, Déposer un fichier, and for a page
 * Renommer, Supprimer), for the page view to place: nothing for those who may not edit.
 */
export function FileActions(props: { site: SiteView; folder: string; page?: { renameHref: string; deleteHref: string } }) {
  if (!props.site.account?.edit) return null;
  const m = messagesFor(props.site.lang).fileOps;
  const base = props.site.basePath;
  return (
    <nav class="file-actions" aria-label={m.actions}>
      <FileOpsStyles site={props.site} />
      <ul>
        <li>
          <a href={newPageHref(base, { folder: props.folder })}>{m.newPage}</a>
        </li>
        <li>
          <a href={uploadHref(base, props.folder)}>{m.upload}</a>
        </li>
        {props.page ? (
          <>
            <li>
              <a href={props.page.renameHref}>{m.rename}</a>
            </li>
            <li>
              <a href={props.page.deleteHref}>{m.remove}</a>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}
