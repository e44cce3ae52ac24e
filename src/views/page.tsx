import { raw } from 'hono/html';
import type { TocEntry } from '../render/page-model.js';
import { Backlinks, type BacklinkView } from './backlinks.js';
import { DateText } from './dates.js';
import { FileActions } from './file-ops.js';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, LastChangeView, NavEntry, SiteView } from './model.js';

export interface PageViewProps {
  site: SiteView;
  title: string;
  lang?: string;
  description?: string;
  crumbs: Crumb[];
  nav: NavEntry[];
  /** Trusted, sanitised HTML from the renderer; undefined when the page could not be rendered. */
  html?: string;
  unrenderable?: 'binary' | 'too-large';
  toc?: TocEntry[];
  problems: string[];
  lastChange?: LastChangeView;
  sourceHref: string;
  /** The editor of this page: a button for writers ("Modifier") and contributors ("Proposer une modification"). */
  editHref?: string;
  /** Where the page is, for the writer's file buttons (new page here, upload here, rename, delete). */
  fileActions?: { folder: string; renameHref: string; deleteHref: string };
  /** The page's history (the live server of a git wiki; the static site has no history pages). */
  historyHref?: string;
  /** "What links here": the pages whose links lead to this one. */
  backlinks: readonly BacklinkView[] | 'pending';
  sidebarHtml?: string;
  footerHtml?: string;
}

function TocList(props: { entries: TocEntry[] }) {
  return (
    <ol>
      {props.entries.map((entry) => (
        <li>
          <a href={`#${encodeURIComponent(entry.id)}`}>{entry.text}</a>
          {entry.children.length > 0 ? <TocList entries={entry.children} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** Only for those who may use it, known from the header's account links (the live server with accounts). */
function EditButton(props: { site: SiteView; href: string | undefined }) {
  const account = props.site.account;
  if (!props.href || !account || !(account.edit || account.requestAccess)) return null;
  const m = messagesFor(props.site.lang).editor;
  return (
    <p class="page-actions" lang={props.site.lang}>
      <a class="page-edit-button" href={props.href}>
        {account.edit ? m.edit : m.propose}
      </a>
    </p>
  );
}

/** A wiki page: title, table of contents, the rendered Markdown, and when and by whom it last changed. */
export function PageView(props: PageViewProps) {
  const m = messagesFor(props.site.lang);
  const aside =
    props.toc && props.toc.length > 0 ? (
      <aside class="toc" aria-labelledby="toc-title" lang={props.site.lang}>
        <details open>
          <summary id="toc-title">{m.toc}</summary>
          <nav aria-labelledby="toc-title">
            <TocList entries={props.toc} />
          </nav>
        </details>
      </aside>
    ) : undefined;
  const footer = (
    <>
      {props.lastChange ? (
        <p>
          {m.lastChange} :{' '}
          <DateText iso={props.lastChange.date} lang={props.site.lang} /> {m.by}{' '}
          {props.lastChange.author}
        </p>
      ) : null}
      <p>
        <a href={props.sourceHref}>{m.source}</a>
        {props.historyHref ? (
          <>
            {' · '}
            <a href={props.historyHref}>{m.history}</a>
          </>
        ) : null}
      </p>
    </>
  );
  return (
    <Layout
      site={props.site}
      title={props.title}
      contentLang={props.lang}
      description={props.description}
      crumbs={props.crumbs}
      nav={props.nav}
      aside={aside}
      pageFooter={footer}
      sidebarHtml={props.sidebarHtml}
      footerHtml={props.footerHtml}
    >
      {props.problems.length > 0 ? (
        <div class="warning-box" role="note" lang={props.site.lang}>
          <p>{m.frontMatterWarning}</p>
          <ul>
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <EditButton site={props.site} href={props.editHref} />
      {props.fileActions ? <FileActions site={props.site} folder={props.fileActions.folder} page={props.fileActions} /> : null}
      {props.unrenderable ? (
        <p class="warning-box" lang={props.site.lang}>
          {props.unrenderable === 'binary' ? m.unrenderableBinary : m.unrenderableTooLarge}
        </p>
      ) : (
        <div class="page-body">{raw(props.html ?? '')}</div>
      )}
      <Backlinks site={props.site} links={props.backlinks} />
    </Layout>
  );
}
