import { raw } from 'hono/html';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';

export interface DataFileViewProps {
  site: SiteView;
  title: string;
  crumbs: Crumb[];
  /** The calendar or table, rendered (trusted HTML); undefined when the file could not be read. */
  html?: string;
  /** Why the file could not be read. */
  problem?: string;
  downloadHref: string;
}

/** A calendar (.ics) or a table of data (.csv) shown as a page, with its download link. */
export function DataFileView(props: DataFileViewProps) {
  const m = messagesFor(props.site.lang);
  return (
    <Layout site={props.site} title={props.title} crumbs={props.crumbs}>
      {props.html !== undefined ? (
        <div class="page-body">{raw(props.html)}</div>
      ) : (
        <>
          <p class="warning-box">
            {m.unreadableFile} {props.problem}
          </p>
          <p>
            <a href={props.downloadHref}>{m.downloadFile}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

export function AgendaView(props: { site: SiteView; html: string }) {
  const m = messagesFor(props.site.lang);
  return (
    <Layout site={props.site} title={m.agendaTitle} crumbs={[{ label: props.site.title, href: `${props.site.basePath}/` }]}>
      <p>{m.agendaIntro}</p>
      <div class="page-body">{raw(props.html)}</div>
    </Layout>
  );
}
