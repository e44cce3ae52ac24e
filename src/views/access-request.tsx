/** "Demander un accès en écriture": a signed-in contributor writes to the maintainers. */
import { AccountPage, CsrfField, FormError, TextArea } from './account-forms.js';
import type { WriteAccessView } from './account.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface AccessRequestViewProps {
  site: SiteView;
  csrf: string;
  access: WriteAccessView;
  message?: string;
  error?: string;
}

export function AccessRequestView(props: AccessRequestViewProps) {
  const { site, access } = props;
  const m = messagesFor(site.lang).accounts;
  const back = (
    <p>
      <a href={`${site.basePath}/-/account`}>{m.backToAccount}</a>
    </p>
  );
  if (access.state === 'has-access' || access.state === 'pending') {
    return (
      <AccountPage site={site} title={m.accessTitle}>
        <p>{access.state === 'has-access' ? m.accessAlready : m.accessSent}</p>
        {back}
      </AccountPage>
    );
  }
  return (
    <AccountPage site={site} title={m.accessTitle}>
      <FormError text={props.error} lang={site.lang} />
      {access.refusedReason ? (
        <>
          <p>{m.accessRefused}</p>
          <blockquote>{access.refusedReason}</blockquote>
        </>
      ) : null}
      <p>{m.accessText}</p>
      <form method="post" action={`${site.basePath}/-/access-request`} class="account-form">
        <CsrfField token={props.csrf} />
        <TextArea id="access-message" name="message" label={m.accessMessage} value={props.message} maxlength={2000} />
        <p>
          <button type="submit">{m.accessButton}</button>
        </p>
      </form>
      {back}
    </AccountPage>
  );
}
