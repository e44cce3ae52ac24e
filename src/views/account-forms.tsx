/** Pieces shared by the account pages (sign-in, registration, account, access requests, administration). */
import type { Child } from 'hono/jsx';
import { Layout } from './layout.js';
import { type Lang, messagesFor } from './messages.js';
import type { SiteView } from './model.js';

/** The name of the hidden field holding the CSRF token (checked by the server's CSRF middleware). */
export const CSRF_FIELD = '_csrf';

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/** What the person just did worked: said politely, and announced by screen readers. */
export function Notice(props: { text?: string | undefined }) {
  return props.text ? <p class="form-notice" role="status">{props.text}</p> : null;
}

/** Why the form was not accepted, read out at once. */
export function FormError(props: { text?: string | undefined; lang: Lang }) {
  if (!props.text) return null;
  return (
    <div class="warning-box form-error" role="alert">
      <p>
        <strong>{messagesFor(props.lang).accounts.errorHeading}</strong> : {props.text}
      </p>
    </div>
  );
}

export interface FieldProps {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'hidden';
  value?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  minlength?: number;
  maxlength?: number;
  /** The id of a `<datalist>` of suggestions. */
  list?: string;
  autofocus?: boolean;
}

export function Field(props: FieldProps) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <p class="form-field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <>
          <br />
          <span class="form-hint" id={hintId}>{props.hint}</span>
        </>
      ) : null}
      <br />
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        minlength={props.minlength}
        maxlength={props.maxlength}
        aria-describedby={hintId}
        list={props.list}
        autofocus={props.autofocus}
      />
    </p>
  );
}

export function TextArea(props: { id: string; name: string; label: string; value?: string | undefined; required?: boolean; maxlength?: number }) {
  return (
    <p class="form-field">
      <label for={props.id}>{props.label}</label>
      <br />
      <textarea id={props.id} name={props.name} rows={5} cols={60} required={props.required ?? false} maxlength={props.maxlength}>
        {props.value ?? ''}
      </textarea>
    </p>
  );
}

/** A page of the account pages: the wiki's frame, a breadcrumb to the home page. */
export function AccountPage(props: { site: SiteView; title: string; children: Child; status?: 'error' }) {
  const m = messagesFor(props.site.lang);
  return (
    <Layout site={props.site} title={props.title} crumbs={[{ label: m.home, href: `${props.site.basePath}/` }]} status={props.status}>
      {props.children}
    </Layout>
  );
}

/** A page that only says something (mail sent, signed out, access denied). */
export function MessageView(props: { site: SiteView; title: string; text: string; link?: { href: string; label: string } }) {
  return (
    <AccountPage site={props.site} title={props.title}>
      <p>{props.text}</p>
      {props.link ? (
        <p>
          <a href={props.link.href}>{props.link.label}</a>
        </p>
      ) : null}
    </AccountPage>
  );
}
