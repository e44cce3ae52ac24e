/**
 * What a person sees when the editor's form is refused before it is read (session expired, form token
 * no longer valid, role withdrawn): nothing was saved, and the text they sent is shown back, read-only,
 * to copy before signing in again. Without JavaScript there is no draft in the browser: this page is
 * the only place the text still exists.
 */
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';
import { assetUrl } from './themes/asset-url.js';

export interface EditorTextKeptProps {
  site: SiteView;
  reason: 'sign-in' | 'csrf' | 'forbidden';
  text: string;
  message?: string | undefined;
  /** The sign-in page, back to the editor afterwards (absent when signing in would not help). */
  signInHref?: string | undefined;
  editorHref: string;
}

export function EditorTextKeptView(props: EditorTextKeptProps) {
  const m = messagesFor(props.site.lang).editor;
  const why = { 'sign-in': m.textKeptSignIn, csrf: m.textKeptCsrf, forbidden: m.textKeptForbidden }[props.reason];
  return (
    <Layout site={props.site} title={m.textKeptTitle} crumbs={[]}>
      <link rel="stylesheet" href={assetUrl(props.site, 'editor.css')} />
      {/* The conflict view's box and fields: the same look for a text given back. */}
      <section class="warning-box editor-conflict" role="alert" aria-labelledby="editor-text-kept-why">
        <p id="editor-text-kept-why">{why}</p>
        <p>
          {props.signInHref ? (
            <>
              <a href={props.signInHref}>{m.signInAgain}</a>
              {' · '}
            </>
          ) : null}
          <a href={props.editorHref}>{m.reopenEditor}</a>
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
