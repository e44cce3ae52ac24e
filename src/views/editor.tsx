/**
 * The page editor: the Markdown source in a textarea beside its preview (rendered by the server, as
 * the published page is), the commit message, and the revision the edit started from in a hidden field.
 * It works as a plain form; `editor.js` adds the live preview, Ctrl/Cmd+S, the warning before leaving
 * with unsaved text, saving without leaving the page, and drafts kept in the browser. After a conflict
 * it shows the current version and both versions with the conflict marked, the writer's text still in
 * the editor.
 */
import { raw } from 'hono/html';
import { CsrfField } from './account-forms.js';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import { assetUrl } from './themes/asset-url.js';

export type EditorFlash =
  | { readonly kind: 'refused'; readonly text: string }
  | { readonly kind: 'done'; readonly text: string; readonly link?: { readonly href: string; readonly label: string } }
  | { readonly kind: 'conflict'; readonly current: string; readonly markers: string; readonly removed: boolean };

export interface EditorViewProps {
  site: SiteView;
  crumbs: Crumb[];
  /** The page's title. */
  title: string;
  /** Writers save on the branch; contributors propose a change for review. */
  mode: 'edit' | 'propose';
  /** Where the form is sent (the editor's own address). */
  action: string;
  previewAction: string;
  /** The published page, where Cancel goes. */
  pageHref: string;
  formToken: string;
  /** The wiki path, which keys the browser's drafts. */
  path: string;
  /** The commit the text started from. */
  base: string;
  text: string;
  message: string;
  /** Server-rendered preview of `text` (trusted, sanitised HTML). */
  previewHtml: string;
  flash?: EditorFlash;
  /** The proposal this one is a new version of. */
  revises?: number;
  /** Proposals: whether "also send to the list" is ticked (absent when the wiki has no list to send to). */
  mailToList?: boolean;
}

export function EditorView(props: EditorViewProps) {
  const m = messagesFor(props.site.lang).editor;
  const heading = props.revises !== undefined ? m.revising(props.revises) : props.mode === 'edit' ? m.editTitle(props.title) : m.proposeTitle(props.title);
  return (
    <Layout site={props.site} title={heading} crumbs={props.crumbs}>
      <link rel="stylesheet" href={assetUrl(props.site, 'editor.css')} />
      <EditorFlashView flash={props.flash} lang={props.site.lang} />
      <form
        class="editor"
        method="post"
        action={props.action}
        data-preview={props.previewAction}
        data-path={props.path}
        data-unsaved={m.unsavedWarning}
        data-failed={m.saveFailed}
        data-saving={m.saving}
        data-preview-failed={m.previewFailed}
      >
        <CsrfField token={props.formToken} />
        <input type="hidden" name="base" value={props.base} />
        {props.revises !== undefined ? <input type="hidden" name="revise" value={String(props.revises)} /> : null}
        <div class="editor-draft" role="status" hidden>
          <p>{m.draftFound}</p>
          <button type="button" class="editor-draft-restore">{m.restoreDraft}</button> <button type="button" class="editor-draft-discard">{m.discardDraft}</button>
        </div>
        <div class="editor-panes">
          <div class="editor-source">
            <label for="editor-text">{m.text}</label>
            <textarea id="editor-text" name="text" rows={28} spellcheck={true} aria-describedby="editor-shortcut">
              {`\n${props.text}`}
            </textarea>
          </div>
          <section class="editor-preview" aria-labelledby="editor-preview-title">
            <h2 id="editor-preview-title">{m.preview}</h2>
            <p class="form-hint">{m.previewNote}</p>
            <p class="editor-preview-status" role="status" aria-live="polite"></p>
            <div class="page-body editor-preview-body" aria-live="polite" aria-busy="false">
              {raw(props.previewHtml)}
            </div>
          </section>
        </div>
        <p class="form-field editor-message">
          <label for="editor-message">{m.message}</label>
          <br />
          <input id="editor-message" name="message" type="text" value={props.message} maxlength={5000} />
        </p>
        {props.mode === 'propose' && props.mailToList !== undefined ? (
          <p class="form-field editor-mail">
            <input id="editor-mail" name="mail" type="checkbox" value="1" checked={props.mailToList} /> <label for="editor-mail">{m.mailToList}</label>
          </p>
        ) : null}
        <p class="editor-actions">
          <button type="submit" name="action" value="save" class="editor-save">
            {props.mode === 'edit' ? m.save : m.submitProposal}
          </button>{' '}
          <button type="submit" name="action" value="preview" class="editor-preview-button">
            {m.previewButton}
          </button>{' '}
          <a href={props.pageHref}>{m.cancel}</a>
        </p>
        <p id="editor-shortcut" class="form-hint">
          {m.shortcut}
        </p>
        <p class="editor-status" role="status" aria-live="polite"></p>
      </form>
      <script src={assetUrl(props.site, 'editor.js')} defer></script>
    </Layout>
  );
}

function EditorFlashView(props: { flash: EditorFlash | undefined; lang: 'fr' | 'en' }) {
  const { flash } = props;
  if (!flash) return null;
  const m = messagesFor(props.lang).editor;
  if (flash.kind === 'refused') {
    return (
      <div class="warning-box editor-refused" role="alert">
        <p>{flash.text}</p>
      </div>
    );
  }
  if (flash.kind === 'done') {
    return (
      <p class="form-notice" role="status">
        {flash.text} {flash.link ? <a href={flash.link.href}>{flash.link.label}</a> : null}
      </p>
    );
  }
  return (
    <section class="warning-box editor-conflict" role="alert" aria-labelledby="editor-conflict-title">
      <h2 id="editor-conflict-title">{m.conflictTitle}</h2>
      <p>{flash.removed ? m.removedText : m.conflictText}</p>
      {flash.removed ? null : (
        <div class="editor-conflict-versions">
          <div>
            <label for="editor-current">{m.currentVersion}</label>
            <textarea id="editor-current" readonly rows={12}>
              {`\n${flash.current}`}
            </textarea>
          </div>
          <div>
            <label for="editor-markers">{m.conflictMarkers}</label>
            <textarea id="editor-markers" readonly rows={12}>
              {`\n${flash.markers}`}
            </textarea>
          </div>
        </div>
      )}
    </section>
  );
}
