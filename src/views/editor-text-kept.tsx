/**
 * What a person sees when the editor's form is refused before it is read (session expired, form token
 * no longer valid, role withdrawn), or when the page went away meanwhile (deleted, renamed): nothing
 * was saved, and the text they sent is shown back, read-only,
 * to copy before signing in again. Without JavaScript there is no draft in the browser: this page is
 * the only place the text still exists.
 */
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';
import { assetUrl } from './themes/asset-url.js';

export interface EditorTextKeptProps {
  site: SiteView;
  reason: 'sign-in' | 'csrf' | 'forbidden' | 'gone';
  text: string;
  message?: string | undefined;
  /** The sign-in page, back to the editor afterwards (absent when signing in would not help). */
  signInHref?: string | undefined;
  /** Where to go on: the same editor, the editor of the page under its new name, or a new page's form. */
  next: { readonly kind: 'editor'; readonly href: string } | { readonly kind: 'moved'; readonly href: string; readonly name: string } | { readonly kind: 'recreate'; readonly href: string } | { readonly kind: 'none' };
}

export function EditorTextKeptView(props: EditorTextKeptProps) {
  const m = messagesFor(props.site.lang).editor;
  const why = { 'sign-in': m.textKeptSignIn, csrf: m.textKeptCsrf, forbidden: m.textKeptForbidden, gone: m.textKeptGone }[props.reason];
  const { next } = props;
  const label = next.kind === 'moved' ? m.openMovedEditor(next.name) : next.kind === 'recreate' ? m.recreatePage : m.reopenEditor;
  return (
    <Layout site={props.site} title={m.textKeptTitle} crumbs={[]}>
      <link rel="stylesheet" href={assetUrl(props.site, 'editor.css')} />
      {/* The conflict view's box and fields: the same look for a text given back. */}
      <section class="warning-box editor-conflict" role="alert" aria-labelledby="editor-text-kept-why">
        <p id="editor-text-kept-why">{why}</p>
        <p>
          {props.signInHref ? <a href={props.signInHref}>{m.signInAgain}</a> : null}
          {props.signInHref && next.kind !== 'none' ? ' · ' : null}
          {next.kind !== 'none' ? <a href={next.href}>{label}</a> : null}
        </p>
        <label for="editor-kept-text">{m.textKept}</label>
        <textarea id="editor-kept-text" readonly rows={20}>
          {`\n${props.text}`}
        </textarea>
        {props.message ? (
          <div class="editor-message">
            <label for="editor-kept-message">{m.messageKept}</label>
            <input id="editor-kept-message" type="text" readonly value={props.message} />
          </div>
        ) : null}
      </section>
    </Layout>
  );
}
