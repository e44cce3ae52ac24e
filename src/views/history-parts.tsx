import type { ChangeStatus } from '../git/index.js';
import type { Messages } from './messages.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

/** A page of a list that goes on: links to the pages before and after, when there are. */
export function Pager(props: { site: SiteView; previousHref?: string; nextHref?: string }) {
  if (!props.previousHref && !props.nextHref) return null;
  const m = messagesFor(props.site.lang);
  return (
    <nav class="pager" aria-label={m.pagination}>
      <ul>
        {props.previousHref ? (
          <li>
            <a href={props.previousHref} rel="prev">
              {m.previousPage}
            </a>
          </li>
        ) : null}
        {props.nextHref ? (
          <li>
            <a href={props.nextHref} rel="next">
              {m.nextPage}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function statusLabel(m: Messages, status: ChangeStatus): string {
  const labels: Record<ChangeStatus, string> = {
    added: m.statusAdded,
    modified: m.statusModified,
    deleted: m.statusDeleted,
    renamed: m.statusRenamed,
    copied: m.statusCopied,
    'type-changed': m.statusTypeChanged,
  };
  return labels[status];
}

/** The stylesheet of search, history, diff and health pages (an asset beside the main one). */
export function HistoryStyles(props: { site: SiteView }) {
  return <link rel="stylesheet" href={`${props.site.basePath}/-/assets/changes.css?v=${props.site.assetsVersion}`} />;
}

/** A commit id as people quote it. */
export function shortId(id: string): string {
  return id.slice(0, 10);
}
