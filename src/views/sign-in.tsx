/** Signing in, and the pages reached from mailed links: address confirmation and password reset. */
import { AccountPage, CsrfField, Field, FormError, Notice } from './account-forms.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface SignInViewProps {
  site: SiteView;
  csrf: string;
  /** Where to go once signed in (a path of this wiki). */
  next: string;
  email?: string;
  error?: string;
  notice?: string;
  registration: boolean;
  /** The identity provider's button text, when OpenID Connect is configured. */
  oidcLabel?: string;
}

export function SignInView(props: SignInViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).accounts;
  const base = site.basePath;
  return (
    <AccountPage site={site} title={m.signInTitle}>
      <Notice text={props.notice} />
      <FormError text={props.error} lang={site.lang} />
      {props.oidcLabel ? (
        <>
          <form method="post" action={`${base}/-/login/oidc/start`} class="oidc-sign-in">
            <CsrfField token={props.csrf} />
            <input type="hidden" name="next" value={props.next} />
            <button type="submit">
              {m.signInWith} {props.oidcLabel}
            </button>
          </form>
          <p class="form-separator">{m.or}</p>
        </>
      ) : null}
      <form method="post" action={`${base}/-/login`} class="account-form">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <Field id="sign-in-email" name="email" type="email" label={m.email} value={props.email} autocomplete="username" />
        <Field id="sign-in-password" name="password" type="password" label={m.password} autocomplete="current-password" />
        <p>
          <button type="submit">{m.signIn}</button>
        </p>
      </form>
      <p>
        <a href={`${base}/-/password`}>{m.forgotPassword}</a>
      </p>
      {props.registration ? (
        <p>
          {m.noAccount} <a href={`${base}/-/register`}>{m.register}</a>
        </p>
      ) : null}
    </AccountPage>
  );
}

export function ConfirmEmailView(props: { site: SiteView; csrf: string; token: string; error?: string }) {
  const m = messagesFor(props.site.lang).accounts;
  return (
    <AccountPage site={props.site} title={m.confirmTitle}>
      <FormError text={props.error} lang={props.site.lang} />
      <p>{m.confirmText}</p>
      <form method="post" action={`${props.site.basePath}/-/confirm`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <button type="submit">{m.confirmButton}</button>
      </form>
    </AccountPage>
  );
}

export function ForgotPasswordView(props: { site: SiteView; csrf: string; email?: string; error?: string }) {
  const m = messagesFor(props.site.lang).accounts;
  return (
    <AccountPage site={props.site} title={m.forgotTitle}>
      <FormError text={props.error} lang={props.site.lang} />
      <p>{m.forgotText}</p>
      <form method="post" action={`${props.site.basePath}/-/password`} class="account-form">
        <CsrfField token={props.csrf} />
        <Field id="forgot-email" name="email" type="email" label={m.email} value={props.email} autocomplete="username" />
        <p>
          <button type="submit">{m.forgotButton}</button>
        </p>
      </form>
    </AccountPage>
  );
}

export function ResetPasswordView(props: { site: SiteView; csrf: string; token: string; error?: string }) {
  const m = messagesFor(props.site.lang).accounts;
  return (
    <AccountPage site={props.site} title={m.resetTitle}>
      <FormError text={props.error} lang={props.site.lang} />
      <form method="post" action={`${props.site.basePath}/-/password/reset`} class="account-form">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="token" value={props.token} />
        <Field id="reset-password" name="password" type="password" label={m.newPassword} hint={m.passwordHint} autocomplete="new-password" minlength={12} />
        <p>
          <button type="submit">{m.resetButton}</button>
        </p>
      </form>
    </AccountPage>
  );
}
