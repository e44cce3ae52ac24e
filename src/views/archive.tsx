import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import type { MailTextView, PageLinksView, ThreadRowView } from './review-model.js';
import { MailMessage, Person, ReviewStyles } from './review-parts.js';
import { DateText } from './dates.js';
import { Pager } from './history-parts.js';
import { ListTable } from './list-table.js';

export interface ArchiveListViewProps {
  site: SiteView;
  crumbs: Crumb[];
  listAddress: string;
  threads: readonly ThreadRowView[];
  pages: PageLinksView;
}

/** `/-/archive/`: the list's threads, most recently active first. */
export function ArchiveListView(props: ArchiveListViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).archive;
  return (
    <Layout site={site} title={m.title} crumbs={props.crumbs}>
      <ReviewStyles />
      <p>{m.intro(props.listAddress)}</p>
      {props.threads.length === 0 ? (
        <p>{m.noMessages}</p>
      ) : (
        <ListTable class="review-table" caption={m.title} columns={[m.subject, m.from, m.messages, m.lastActivity]}>
          {props.threads.map((thread) => (
            <tr>
              <td>
                <a href={thread.href}>{thread.subject || '—'}</a>
              </td>
              <td>
                <Person person={thread.from} />
              </td>
              <td>{thread.messages}</td>
              <td>
                <DateText iso={thread.lastAt} lang={site.lang} />
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager site={site} {...props.pages} />
    </Layout>
  );
}

export interface ThreadViewProps {
  site: SiteView;
  crumbs: Crumb[];
  subject: string;
  mboxHref: string;
  messages: readonly (MailTextView & { rawHref: string; change: { number: number; href: string } | undefined })[];
}

/** A thread: every message in date order, each with its raw form, and the thread as an mbox. */
export function ThreadView(props: ThreadViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).archive;
  return (
    <Layout site={site} title={props.subject || m.thread} crumbs={props.crumbs}>
      <ReviewStyles />
      <p>
        <a href={props.mboxHref}>{m.threadMbox}</a>
      </p>
      {props.messages.map((mail) => (
        <>
          <MailMessage mail={mail} lang={site.lang} headingLevel={2} />
          <p class="review-muted">
            <a href={mail.rawHref}>{m.rawMessage}</a>
            {mail.change ? (
              <>
                {' · '}
                {m.partOfChange} <a href={mail.change.href}>#{mail.change.number}</a>
              </>
            ) : null}
          </p>
        </>
      ))}
    </Layout>
  );
}

export interface MessageViewProps {
  site: SiteView;
  crumbs: Crumb[];
  mail: MailTextView;
  rawHref: string;
  threadHref: string;
  inReplyTo: { href: string } | undefined;
  change: { number: number; href: string } | undefined;
}

/** One archived message, with links to its raw form, its thread and the change it belongs to. */
export function MessageView(props: MessageViewProps) {
  const { site, mail } = props;
  const m = messagesFor(site.lang).archive;
  return (
    <Layout site={site} title={mail.subject || m.rawMessage} crumbs={props.crumbs}>
      <ReviewStyles />
      <p>
        <a href={props.threadHref}>{m.thread}</a> · <a href={props.rawHref}>{m.rawMessage}</a>
        {props.inReplyTo ? (
          <>
            {' · '}
            <a href={props.inReplyTo.href}>{m.inReplyTo}</a>
          </>
        ) : null}
        {props.change ? (
          <>
            {' · '}
            {m.partOfChange} <a href={props.change.href}>#{props.change.number}</a>
          </>
        ) : null}
      </p>
      <MailMessage mail={mail} lang={site.lang} headingLevel={2} />
    </Layout>
  );
}
