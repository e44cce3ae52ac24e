/** Creating an account (when the wiki allows it). */
import { AccountPage, CsrfField, Field, FormError } from './account-forms.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface RegisterViewProps {
  site: SiteView;
  csrf: string;
  email?: string;
  displayName?: string;
  error?: string;
}

export function RegisterView(props: RegisterViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).accounts;
  return (
    <AccountPage site={site} title={m.registerTitle}>
      <FormError text={props.error} lang={site.lang} />
      <form method="post" action={`${site.basePath}/-/register`} class="account-form">
        <CsrfField token={props.csrf} />
        <Field id="register-email" name="email" type="email" label={m.email} value={props.email} autocomplete="email" />
        <Field id="register-name" name="displayName" label={m.displayName} hint={m.displayNameHint} value={props.displayName} autocomplete="name" maxlength={100} />
        <Field id="register-password" name="password" type="password" label={m.password} hint={m.passwordHint} autocomplete="new-password" minlength={12} />
        <p>
          <button type="submit">{m.registerButton}</button>
        </p>
      </form>
      <p>
        <a href={`${site.basePath}/-/login`}>{m.signIn}</a>
      </p>
    </AccountPage>
  );
}
