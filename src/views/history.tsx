import { raw } from 'hono/html';
import type { ChangeStatus } from '../git/index.js';
import { HistoryStyles, Pager, shortId, statusLabel } from './history-parts.js';
import { DateText } from './dates.js';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import { restoreHref } from './file-ops-links.js';
import type { WikiPath } from '../wiki/path.js';
import { ListTable } from './list-table.js';

export interface VersionView {
  commit: string;
  authorName: string;
  date: string;
  subject: string;
  status: ChangeStatus;
  /** For a rename: the page's name before. */
  previousPath?: string;
  /** The page as it was after this commit (absent when the commit deleted it). */
  versionHref?: string;
  diffHref?: string;
}

export interface HistoryViewProps {
  site: SiteView;
  pageTitle: string;
  pageHref?: string;
  crumbs: Crumb[];
  versions: VersionView[];
  feedHref: string;
  previousHref?: string;
  nextHref?: string;
  /** The page's path, when it exists now: writers get a button to restore each older version. */
  pagePath?: string;
}

/** `/-/history/PATH`: who changed a page, when and why, newest first, with links to each version and change. */
export function HistoryView(props: HistoryViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang);
  return (
    <Layout site={site} title={`${m.historyOf} « ${props.pageTitle} »`} crumbs={props.crumbs}>
      <HistoryStyles site={site} />
      <link rel="alternate" type="application/atom+xml" title={m.historyFeed} href={props.feedHref} />
      <p class="history-links">
        {props.pageHref ? (
          <>
            <a href={props.pageHref}>{m.seeCurrentVersion}</a> ·{' '}
          </>
        ) : null}
        <a href={props.feedHref}>{m.historyFeed}</a>
      </p>
      {props.versions.length === 0 ? (
        <p>{m.historyEmpty}</p>
      ) : (
        <div class="table-scroll" tabindex={0} role="region" aria-label={`${m.historyOf} « ${props.pageTitle} »`}>
          <ListTable class="history" columns={[m.dateLabel, m.authorLabel, m.messageLabel, m.actionsLabel]}>
            {props.versions.map((v, i) => (
              <tr>
                <td>
                  <DateText iso={v.date} lang={site.lang} precision="minute" />
                </td>
                <td>{v.authorName}</td>
                <td>
                  {v.subject}
                  {v.status !== 'modified' ? (
                    <span class={`change-status status-${v.status}`}>
                      {' '}
                      ({statusLabel(m, v.status)}
                      {v.previousPath ? <> — {m.diffRenamedFrom} <code>{v.previousPath}</code></> : null})
                    </span>
                  ) : null}
                </td>
                <td class="history-actions">
                  {v.versionHref ? (
                    <a href={v.versionHref} aria-label={`${m.viewVersion} (${shortId(v.commit)})`}>
                      {m.viewVersion}
                    </a>
                  ) : null}
                  {v.versionHref && v.diffHref ? ' · ' : null}
                  {v.diffHref ? (
                    <a href={v.diffHref} aria-label={`${m.viewDiff} (${shortId(v.commit)})`}>
                      {m.viewDiff}
                    </a>
                  ) : null}
                  {/* The newest version is the page as it is: nothing to restore. */}
                  {site.account?.edit && props.pagePath && v.versionHref && (i > 0 || props.previousHref) ? (
                    <>
                      {' · '}
                      <a class="restore-version" href={restoreHref(site.basePath, v.commit, props.pagePath as WikiPath)} aria-label={`${m.fileOps.restore} (${shortId(v.commit)})`}>
                        {m.fileOps.restore}
                      </a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </ListTable>
        </div>
      )}
      <Pager site={site} previousHref={props.previousHref} nextHref={props.nextHref} />
    </Layout>
  );
}

export interface OldVersionViewProps {
  site: SiteView;
  title: string;
  lang?: string;
  crumbs: Crumb[];
  commit: string;
  date: string;
  authorName: string;
  /** Rendered and sanitised by the page renderer; undefined when the version cannot be shown. */
  html?: string;
  unrenderable?: 'binary' | 'too-large';
  currentHref?: string;
  historyHref: string;
  diffHref?: string;
}

/** `/-/at/COMMIT/PATH`: a page as it was, rendered like today's, under a notice that it is an old version. */
export function OldVersionView(props: OldVersionViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang);
  return (
    <Layout site={site} title={props.title} contentLang={props.lang} crumbs={props.crumbs}>
      <HistoryStyles site={site} />
      <div class="old-version-notice" role="note" lang={site.lang}>
        <p>
          <strong>{m.oldVersion}.</strong> {m.oldVersionText} <code>{shortId(props.commit)}</code> {m.oldVersionOf}{' '}
          <DateText iso={props.date} lang={site.lang} precision="minute" /> ({props.authorName}).
        </p>
        <p>
          {props.currentHref ? (
            <>
              <a href={props.currentHref}>{m.seeCurrentVersion}</a> ·{' '}
            </>
          ) : null}
          <a href={props.historyHref}>{m.seeHistory}</a>
          {props.diffHref ? (
            <>
              {' · '}
              <a href={props.diffHref}>{m.viewDiff}</a>
            </>
          ) : null}
        </p>
      </div>
      {props.unrenderable ? (
        <p class="warning-box" lang={site.lang}>
          {props.unrenderable === 'binary' ? m.unrenderableBinary : m.unrenderableTooLarge}
        </p>
      ) : (
        <div class="page-body old-version">{raw(props.html ?? '')}</div>
      )}
    </Layout>
  );
}
