import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import { ReviewStyles } from './review-parts.js';
import { DateText } from './dates.js';
import { ListTable } from './list-table.js';

export interface RejectedMailRowView {
  receivedAt: string;
  reason: string;
  /** Written for the reader (`1,2 Mio`). */
  size: string;
  sender: string;
  subject: string;
  file: string | undefined;
}

export interface RejectedMailViewProps {
  site: SiteView;
  crumbs: Crumb[];
  mails: readonly RejectedMailRowView[];
  total: number;
}

/** `/-/review/rejected`, for maintainers: mail received and kept but not archived, with why. */
export function RejectedMailView(props: RejectedMailViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).review;
  const columns = m.rejectedColumns;
  return (
    <Layout site={site} title={m.rejectedTitle} crumbs={props.crumbs}>
      <ReviewStyles />
      <p>{m.rejectedIntro}</p>
      <p role="status">{props.total === 0 ? m.rejectedNone : m.rejectedShown(props.mails.length, props.total)}</p>
      {props.mails.length === 0 ? null : (
        <ListTable class="review-table" caption={m.rejectedTitle} columns={[columns.received, columns.reason, columns.size, columns.sender, columns.subject, columns.file]}>
          {props.mails.map((mail) => (
            <tr>
              <td>
                <DateText iso={mail.receivedAt} lang={site.lang} />
              </td>
              <td>{mail.reason}</td>
              <td>{mail.size}</td>
              <td>{mail.sender || '—'}</td>
              <td>{mail.subject || '—'}</td>
              <td>{mail.file ? <code>{mail.file}</code> : '—'}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </Layout>
  );
}
