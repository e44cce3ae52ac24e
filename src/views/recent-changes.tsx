import type { ChangeStatus } from '../git/index.js';
import { HistoryStyles, Pager, shortId, statusLabel } from './history-parts.js';
import { DateText } from './dates.js';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface ChangedFileView {
  status: ChangeStatus;
  /** The file's path in the wiki (or in the repository when outside it). */
  path: string;
  previousPath?: string;
  /** The diff of a page, when the file is one. */
  diffHref?: string;
}

export interface CommitView {
  commit: string;
  authorName: string;
  date: string;
  subject: string;
  href: string;
  files: ChangedFileView[];
}

export interface RecentChangesViewProps {
  site: SiteView;
  title: string;
  commits: CommitView[];
  feedHref: string;
  previousHref?: string;
  nextHref?: string;
}

/** `/-/changes` (and `/-/commit/ID`): commits, newest first, each with the files it touched. */
export function RecentChangesView(props: RecentChangesViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang);
  return (
    <Layout site={site} title={props.title} crumbs={[{ label: site.title, href: `${site.basePath}/` }]}>
      <HistoryStyles site={site} />
      <p class="history-links">
        <a href={props.feedHref} type="application/atom+xml">
          {m.recentChangesFeed}
        </a>
      </p>
      {props.commits.length === 0 ? <p>{m.changesEmpty}</p> : null}
      <ol class="changes">
        {props.commits.map((c) => (
          <li id={`commit-${c.commit}`}>
            <p class="change-head">
              <a href={c.href} class="change-subject">
                {c.subject || shortId(c.commit)}
              </a>
              <span class="change-meta">
                {' — '}
                {c.authorName}, <DateText iso={c.date} lang={site.lang} precision="minute" /> (<code>{shortId(c.commit)}</code>)
              </span>
            </p>
            {c.files.length > 0 ? (
              <ul class="change-files" aria-label={m.changesFiles}>
                {c.files.map((f) => (
                  <li>
                    <span class={`change-status status-${f.status}`}>{statusLabel(m, f.status)}</span>{' '}
                    {f.diffHref ? <a href={f.diffHref}>{f.path}</a> : <code>{f.path}</code>}
                    {f.previousPath ? (
                      <>
                        {' '}
                        ({m.diffRenamedFrom} <code>{f.previousPath}</code>)
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <Pager site={site} previousHref={props.previousHref} nextHref={props.nextHref} />
    </Layout>
  );
}
