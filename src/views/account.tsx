/** A signed-in person's own page: name, password, personal access tokens for git, write access, their proposals, sign-out. */
import { AccountPage, CsrfField, Field, FormError, Notice } from './account-forms.js';
import { DateText } from './dates.js';
import { messagesFor, type Messages } from './messages.js';
import type { SiteView } from './model.js';
import { ListTable } from './list-table.js';

export type RoleName = keyof Messages['accounts']['roles'];

export interface TokenView {
  id: number;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Where the person stands with write access. */
export type WriteAccessView =
  | { state: 'has-access' }
  | { state: 'can-ask'; refusedReason?: string }
  | { state: 'pending'; since: Date };

export interface AccountViewProps {
  site: SiteView;
  csrf: string;
  user: { email: string; displayName: string; role: RoleName; hasPassword: boolean };
  tokens: TokenView[];
  /** A token just made, shown this once. */
  newToken?: string;
  /** Where `git push` goes. */
  cloneUrl?: string;
  access: WriteAccessView;
  /** The changes this person proposed, newest first; absent when the wiki has no review. */
  proposals?: ProposalView[];
  notice?: string;
  error?: string;
}

/** One change the person proposed (from the editor or by mail), as their account lists it. */
export interface ProposalView {
  number: number;
  title: string;
  version: number;
  state: keyof Messages['review']['states'];
  href: string;
  /** Its copy for the list waits in the outbox (no relay, or the relay failed). */
  mailWaiting: boolean;
}

export function AccountView(props: AccountViewProps) {
  const { site, user } = props;
  const lang = site.lang;
  const m = messagesFor(lang).accounts;
  const base = site.basePath;
  return (
    <AccountPage site={site} title={m.accountTitle}>
      <Notice text={props.notice} />
      <FormError text={props.error} lang={lang} />
      {props.newToken ? (
        <section class="new-token" aria-labelledby="new-token-title">
          <h2 id="new-token-title">{m.tokenCreatedTitle}</h2>
          <p>
            <strong>{m.tokenCreatedText}</strong>
          </p>
          <p>
            <code class="secret-token">{props.newToken}</code>
          </p>
          {props.cloneUrl ? (
            <>
              <p>{m.tokenUsage}</p>
              <pre>
                <code>git push {props.cloneUrl}</code>
              </pre>
            </>
          ) : null}
        </section>
      ) : null}
      <p>
        {m.signedInAs} <strong>{user.email}</strong> · {m.role} : {m.roles[user.role]}
      </p>
      <form method="post" action={`${base}/-/logout`}>
        <CsrfField token={props.csrf} />
        <button type="submit">{m.signOut}</button>
      </form>

      <h2>{m.profileHeading}</h2>
      <form method="post" action={`${base}/-/account/name`} class="account-form">
        <CsrfField token={props.csrf} />
        <Field id="account-name" name="displayName" label={m.displayName} hint={m.displayNameHint} value={user.displayName} autocomplete="name" maxlength={100} />
        <p>
          <button type="submit">{m.saveName}</button>
        </p>
      </form>

      {props.proposals ? <Proposals proposals={props.proposals} lang={lang} /> : null}

      <h2>{m.requestAccess}</h2>
      <WriteAccess access={props.access} base={base} lang={lang} />

      <h2>{m.passwordHeading}</h2>
      {user.hasPassword ? (
        <form method="post" action={`${base}/-/account/password`} class="account-form">
          <CsrfField token={props.csrf} />
          <input type="text" name="email" value={user.email} autocomplete="username" hidden />
          <Field id="account-current-password" name="current" type="password" label={m.currentPassword} autocomplete="current-password" />
          <Field id="account-new-password" name="password" type="password" label={m.newPassword} hint={m.passwordHint} autocomplete="new-password" minlength={12} />
          <p>
            <button type="submit">{m.changePassword}</button>
          </p>
        </form>
      ) : (
        <p>
          {m.noPassword} <a href={`${base}/-/password`}>{m.forgotPassword}</a>
        </p>
      )}

      <h2 id="tokens">{m.tokensHeading}</h2>
      <p>{m.tokensText}</p>
      {props.cloneUrl ? (
        <p>
          {m.cloneUrlLabel} <code>{props.cloneUrl}</code>
        </p>
      ) : null}
      <TokenTable tokens={props.tokens} csrf={props.csrf} base={base} lang={lang} />
      <form method="post" action={`${base}/-/account/tokens`} class="account-form">
        <CsrfField token={props.csrf} />
        <Field id="token-name" name="name" label={m.tokenName} hint={m.tokenNameHint} maxlength={100} />
        <p>
          <button type="submit">{m.createToken}</button>
        </p>
      </form>
    </AccountPage>
  );
}

function Proposals(props: { proposals: ProposalView[]; lang: SiteView['lang'] }) {
  const messages = messagesFor(props.lang);
  return (
    <>
      <h2 id="proposals">{messages.editor.myProposals}</h2>
      {props.proposals.length === 0 ? (
        <p>{messages.editor.noProposals}</p>
      ) : (
        <ul class="my-proposals">
          {props.proposals.map((proposal) => (
            <li>
              <a href={proposal.href}>{messages.review.changeTitle(proposal.number)}</a> : {proposal.title}
              {proposal.version > 1 ? ` (v${proposal.version})` : ''} — {messages.review.states[proposal.state]}
              {proposal.mailWaiting ? ` · ${messages.editor.mailWaitingShort}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function WriteAccess(props: { access: WriteAccessView; base: string; lang: SiteView['lang'] }) {
  const m = messagesFor(props.lang).accounts;
  switch (props.access.state) {
    case 'has-access':
      return <p>{m.accessAlready}</p>;
    case 'pending':
      return (
        <p>
          {m.accessPendingSince} <DateText iso={props.access.since} lang={props.lang} precision="minute" />.
        </p>
      );
    case 'can-ask':
      return (
        <>
          {props.access.refusedReason ? (
            <>
              <p>{m.accessRefused}</p>
              <blockquote>{props.access.refusedReason}</blockquote>
            </>
          ) : null}
          <p>
            <a href={`${props.base}/-/access-request`}>{m.requestAccess}</a>
          </p>
        </>
      );
  }
}

function TokenTable(props: { tokens: TokenView[]; csrf: string; base: string; lang: SiteView['lang'] }) {
  const m = messagesFor(props.lang).accounts;
  if (props.tokens.length === 0) return <p>{m.noTokens}</p>;
  return (
    <ListTable class="token-list" caption={m.tokensHeading} columns={[m.name, m.tokenHint, m.tokenCreatedOn, m.tokenLastUsed, m.state]}>
      {props.tokens.map((token) => (
        <tr>
          <td>{token.name}</td>
          <td>
            <code>{token.hint}</code>
          </td>
          <td>
            <DateText iso={token.createdAt} lang={props.lang} precision="minute" />
          </td>
          <td>{token.lastUsedAt ? <DateText iso={token.lastUsedAt} lang={props.lang} precision="minute" /> : m.tokenNeverUsed}</td>
          <td>
            {token.revokedAt ? (
              <>
                {m.tokenRevokedOn} <DateText iso={token.revokedAt} lang={props.lang} precision="minute" />
              </>
            ) : (
              <form method="post" action={`${props.base}/-/account/tokens/${token.id}/revoke`}>
                <CsrfField token={props.csrf} />
                <button type="submit" aria-label={`${m.revoke} ${token.name}`}>
                  {m.revoke}
                </button>
              </form>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
