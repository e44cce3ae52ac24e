import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import type { ChangeRowView, ChangeStateName, PageLinksView } from './review-model.js';
import { Person, ReviewStyles, StateBadge } from './review-parts.js';
import { DateText } from './dates.js';
import { Pager } from './history-parts.js';
import { ListTable } from './list-table.js';

export interface ReviewListViewProps {
  site: SiteView;
  crumbs: Crumb[];
  changes: readonly ChangeRowView[];
  total: number;
  filter: { state: ChangeStateName | undefined; author: string; prefix: string };
  states: readonly ChangeStateName[];
  pages: PageLinksView;
  archiveHref: string;
  listAddress: string;
  /** For maintainers, when mail was received but rejected. */
  rejected?: { href: string; count: number };
}

/** `/-/review/`: the proposed changes, newest first, filterable by state, author and prefix (a GET form). */
export function ReviewListView(props: ReviewListViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang).review;
  return (
    <Layout site={site} title={m.title} crumbs={props.crumbs}>
      <ReviewStyles />
      <p>
        {m.intro} <a href={`mailto:${props.listAddress}`}>{props.listAddress}</a> · <a href={props.archiveHref}>{messagesFor(site.lang).archive.title}</a>
        {props.rejected ? (
          <>
            {' · '}
            <a href={props.rejected.href}>{m.rejectedLink(props.rejected.count)}</a>
          </>
        ) : null}
      </p>
      <form class="review-filters" method="get" role="search" aria-label={m.filters}>
        <label>
          {m.filterState}
          <select name="state">
            <option value="" selected={props.filter.state === undefined}>
              {m.filterAll}
            </option>
            {props.states.map((state) => (
              <option value={state} selected={props.filter.state === state}>
                {m.states[state]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {m.filterAuthor}
          <input type="text" name="author" value={props.filter.author} />
        </label>
        <label>
          {m.filterPrefix}
          <input type="text" name="prefix" value={props.filter.prefix} />
        </label>
        <button type="submit">{m.filterButton}</button>
      </form>
      <p role="status">{m.count(props.total)}</p>
      {props.changes.length === 0 ? (
        <p>{m.noChanges}</p>
      ) : (
        <ListTable class="review-table" caption={m.title} columns={[m.number, m.change, m.state, m.version, m.author, m.date, m.size]}>
          {props.changes.map((change) => (
            <tr>
              <td>{change.number}</td>
              <td>
                <a href={change.href}>{change.title || '—'}</a>
                {change.prefixes.length > 0 ? <span class="review-muted"> [{change.prefixes.join(' ')}]</span> : null}
                {change.rfc ? <span class="review-muted"> · {m.rfc}</span> : null}
                {change.complete ? null : <span class="review-muted"> · {m.incomplete(change.received, change.total)}</span>}
              </td>
              <td>
                <StateBadge state={change.state} lang={site.lang} />
              </td>
              <td>v{change.version}</td>
              <td>
                <Person person={change.author} />
              </td>
              <td>
                <DateText iso={change.date} lang={site.lang} />
              </td>
              <td>
                <span class="review-plus">+{change.stat.additions}</span> <span class="review-minus">−{change.stat.deletions}</span>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager site={site} {...props.pages} />
    </Layout>
  );
}
