/** `/-/admin/`: pending write-access requests, accounts and roles (maintainers), the audit log (admins). */
import { AccountPage, CsrfField, FormError, Notice } from './account-forms.js';
import { DateText } from './dates.js';
import type { RoleName } from './account.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';
import { ListTable } from './list-table.js';

export interface PendingRequestView {
  id: number;
  user: { displayName: string; email: string };
  message: string;
  createdAt: Date;
}

export interface UserRowView {
  id: number;
  displayName: string;
  email: string;
  role: RoleName;
  disabled: boolean;
  emailConfirmed: boolean;
  /** Roles the viewer may give this account (empty: the viewer may not change it). */
  assignable: RoleName[];
  /** The viewer may disable or enable this account. */
  manageable: boolean;
}

export interface AuditRowView {
  id: number;
  at: Date;
  /** Null: the command line or someone not signed in. */
  actor: string | null;
  action: string;
  target: string | null;
  details: string;
  ip: string | null;
}

export interface AdminViewProps {
  site: SiteView;
  csrf: string;
  pending: PendingRequestView[];
  /** Roles a request may be granted as. */
  grantable: RoleName[];
  users: UserRowView[];
  /** Present for admins only. */
  audit?: { entries: AuditRowView[]; olderHref?: string };
  notice?: string;
  error?: string;
}

export function AdminView(props: AdminViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).accounts;
  return (
    <AccountPage site={site} title={m.adminTitle}>
      <Notice text={props.notice} />
      <FormError text={props.error} lang={site.lang} />
      <h2 id="requests">{m.pendingHeading}</h2>
      {props.pending.length === 0 ? <p>{m.noPending}</p> : props.pending.map((request) => <PendingRequest {...props} request={request} />)}
      <h2 id="users">{m.usersHeading}</h2>
      <UsersTable {...props} />
      {props.audit ? (
        <>
          <h2 id="audit">{m.auditHeading}</h2>
          <AuditTable site={site} entries={props.audit.entries} />
          {props.audit.olderHref ? (
            <p>
              <a href={props.audit.olderHref}>{m.olderEntries}</a>
            </p>
          ) : null}
        </>
      ) : null}
    </AccountPage>
  );
}

function PendingRequest(props: AdminViewProps & { request: PendingRequestView }) {
  const { site, request } = props;
  const m = messagesFor(site.lang).accounts;
  const action = `${site.basePath}/-/admin/requests/${request.id}`;
  return (
    <section class="access-request" aria-labelledby={`request-${request.id}`}>
      <h3 id={`request-${request.id}`}>
        {request.user.displayName} &lt;{request.user.email}&gt;
      </h3>
      <p>
        {m.requestedOn} <DateText iso={request.createdAt} lang={site.lang} precision="minute" />
      </p>
      {request.message ? <blockquote>{request.message}</blockquote> : null}
      <form method="post" action={`${action}/grant`}>
        <CsrfField token={props.csrf} />
        <label for={`grant-role-${request.id}`}>{m.grantAs}</label>{' '}
        <select id={`grant-role-${request.id}`} name="role">
          {props.grantable.map((role) => (
            <option value={role}>{m.roles[role]}</option>
          ))}
        </select>{' '}
        <button type="submit">{m.grant}</button>
      </form>
      <form method="post" action={`${action}/refuse`}>
        <CsrfField token={props.csrf} />
        <p class="form-field">
          <label for={`refuse-reason-${request.id}`}>{m.refuseReason}</label>
          <br />
          <textarea id={`refuse-reason-${request.id}`} name="reason" rows={3} cols={60} required maxlength={2000}></textarea>
        </p>
        <button type="submit">{m.refuse}</button>
      </form>
    </section>
  );
}

function UsersTable(props: AdminViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).accounts;
  const base = site.basePath;
  return (
    <ListTable class="user-list" caption={m.usersHeading} columns={[m.name, m.email, m.role, m.state]}>
      {props.users.map((user) => (
        <tr>
          <td>{user.displayName}</td>
          <td>{user.email}</td>
          <td>
            {user.assignable.length > 0 ? (
              <form method="post" action={`${base}/-/admin/users/${user.id}/role`}>
                <CsrfField token={props.csrf} />
                <label class="visually-hidden" for={`role-${user.id}`}>
                  {m.newRole} {user.displayName}
                </label>
                <select id={`role-${user.id}`} name="role">
                  {user.assignable.map((role) => (
                    <option value={role} selected={role === user.role}>
                      {m.roles[role]}
                    </option>
                  ))}
                </select>{' '}
                <button type="submit">{m.changeRole}</button>
              </form>
            ) : (
              m.roles[user.role]
            )}
          </td>
          <td>
            {user.disabled ? m.stateDisabled : user.emailConfirmed ? m.stateActive : m.stateUnconfirmed}
            {user.manageable ? (
              <form method="post" action={`${base}/-/admin/users/${user.id}/${user.disabled ? 'enable' : 'disable'}`}>
                <CsrfField token={props.csrf} />
                <button type="submit" aria-label={`${user.disabled ? m.enable : m.disable} ${user.displayName}`}>
                  {user.disabled ? m.enable : m.disable}
                </button>
              </form>
            ) : null}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

function AuditTable(props: { site: SiteView; entries: AuditRowView[] }) {
  const m = messagesFor(props.site.lang).accounts;
  return (
    <ListTable class="audit-log" caption={m.auditHeading} columns={[m.when, m.who, m.action, m.target, m.details, m.from]}>
      {props.entries.map((entry) => (
        <tr>
          <td>
            <DateText iso={entry.at} lang={props.site.lang} precision="minute" />
          </td>
          <td>{entry.actor ?? (entry.ip ? '—' : m.operator)}</td>
          <td>
            <code>{entry.action}</code>
          </td>
          <td>{entry.target ?? ''}</td>
          <td>{entry.details === '{}' ? '' : <code>{entry.details}</code>}</td>
          <td>{entry.ip ?? ''}</td>
        </tr>
      ))}
    </ListTable>
  );
}
