import type { FrontMatterProblem } from '../render/front-matter.js';
import type { Lang } from '../views/messages.js';
import { messagesFor } from '../views/messages.js';
import { AgendaView, DataFileView } from '../views/data-file.js';
import { FolderView } from '../views/folder.js';
import type { LegalNotice } from '../config/wiki-settings.js';
import { LegalView, type LegalPageKind } from '../views/legal.js';
import { renderDocument } from '../views/layout.js';
import type { SiteView } from '../views/model.js';
import { NotFoundView } from '../views/not-found.js';
import { PageView } from '../views/page.js';
import { editHref } from '../views/editor-links.js';
import { deleteHref, missingPageHref, renameHref } from '../views/file-ops-links.js';
import { renderCalendar } from '../render/calendar.js';
import { renderAgenda, upcomingEvents } from '../render/calendar-feed.js';
import { renderDataTable } from '../render/data-table.js';
import { isCalendar, rawUrl } from '../wiki/data-files.js';
import { backlinksSoon, type Backlink } from '../wiki/backlinks.js';
import { WikiHistory } from '../wiki/history.js';
import { historyUrl } from '../wiki/history-urls.js';
import { breadcrumbs, folderLabel, folderNavigation } from '../wiki/navigation.js';
import { baseName, parentOf, type WikiPath } from '../wiki/path.js';
import { folderEntries, isFolderIndex, type Revision, type WikiFile } from '../wiki/revision.js';
import { fileUrl, folderUrl, pageUrl } from '../wiki/urls.js';
import type { PageLabels, PageResult, Wiki } from '../wiki/wiki.js';

/** What turns a wiki into HTML documents, shared by the live server and the static build. */
export interface Publication {
  wiki: Wiki;
  /** Everything of the site view but the interface language, which each response chooses. */
  site: Omit<SiteView, 'lang'>;
  /** Where readers can write (the list address), for the accessibility statement. */
  contact?: string;
  /** Who publishes the site, for the legal notice and personal data pages. */
  legal?: LegalNotice;
}

export function pageLabels(lang: Lang): PageLabels {
  const m = messagesFor(lang);
  return {
    lang,
    headingAnchor: m.headingAnchor,
    broken: { missing: m.brokenMissing, anchor: m.brokenAnchor, 'leaves-root': m.brokenLeavesRoot },
  };
}

function problemText(problem: FrontMatterProblem): string {
  return `ligne ${problem.line} / line ${problem.line} : ${problem.message}`;
}

export function sourceUrl(basePath: string, path: WikiPath): string {
  return `${basePath}/-/source${fileUrl(path)}`;
}

/** What the static build already knows about a page and passes in, so that the document is not worked out again. */
export interface KnownOfPage {
  /** The pages that link to it (`backlinksSoon` otherwise). */
  backlinks?: readonly Backlink[];
}

/** How long a page of a large wiki waits for "what links here" before it is sent without it (see `backlinksSoon`). */
const BACKLINKS_WAIT_MS = 300;

/**
 * A page as a complete HTML document, with the page data for callers that need more (links, title).
 * `complete` is false when it went out before its backlinks were known: such a page is not to be cached.
 */
export async function pageDocument(pub: Publication, revision: Revision, file: WikiFile, lang: Lang, known: KnownOfPage = {}): Promise<{ html: string; page: PageResult; complete: boolean }> {
  const { wiki } = pub;
  const site: SiteView = { ...pub.site, lang };
  // Writers of the live server (the header says who reads) are offered to create missing pages.
  const labels = pub.site.account?.edit ? { ...pageLabels(lang), createMissing: { href: (wanted: WikiPath) => missingPageHref(pub.site.basePath, wanted), title: messagesFor(lang).fileOps.createMissing } } : pageLabels(lang);
  const page = await wiki.page(revision, file, labels);
  const [crumbs, nav, change, sidebarHtml, footerHtml, backlinks] = await Promise.all([
    breadcrumbs(wiki, revision, file.path, false),
    folderNavigation(wiki, revision, file.path, false),
    wiki.lastChange(revision, file),
    specialHtml(wiki, revision, file.path, '_Sidebar', lang),
    specialHtml(wiki, revision, file.path, '_Footer', lang),
    known.backlinks ?? backlinksSoon(wiki, revision, file.path, BACKLINKS_WAIT_MS),
  ]);
  const element = (
    <PageView
      site={site}
      title={page.title}
      lang={page.lang}
      description={page.description}
      crumbs={crumbs}
      nav={nav}
      html={page.body.kind === 'html' ? page.body.html : undefined}
      unrenderable={page.body.kind === 'unrenderable' ? page.body.reason : undefined}
      toc={page.toc}
      problems={page.problems.map(problemText)}
      lastChange={change ? { author: change.authorName, date: change.authorDate, commit: change.id } : undefined}
      sourceHref={sourceUrl(pub.site.basePath, file.path)}
      // History pages exist where the wiki is read from git: on the live server, not in the static build
      // (its render threads read the blobs they are sent, and it writes no history pages).
      historyHref={WikiHistory.of(wiki) ? historyUrl(pub.site.basePath, file.path) : undefined}
      backlinks={backlinks === 'pending' ? backlinks : backlinks.map((b) => ({ title: b.title, url: b.url }))}
      editHref={editHref(pub.site.basePath, file.path)}
      fileActions={{ folder: parentOf(file.path), renameHref: renameHref(pub.site.basePath, file.path), deleteHref: deleteHref(pub.site.basePath, file.path) }}
      sidebarHtml={sidebarHtml}
      footerHtml={footerHtml}
    />
  );
  return { html: renderDocument(element), page, complete: backlinks !== 'pending' };
}

/** A Gollum `_Sidebar` or `_Footer` for a page, rendered like a page (its links resolve from where it is). */
async function specialHtml(wiki: Wiki, revision: Revision, path: WikiPath, name: '_Sidebar' | '_Footer', lang: Lang): Promise<string | undefined> {
  const file = wiki.specialPage(revision, path, name);
  if (!file || file.path === path) return undefined;
  const page = await wiki.page(revision, file, pageLabels(lang));
  return page.body.kind === 'html' ? page.body.html : undefined;
}

/** A calendar (.ics) or table of data (.csv) file as a page: its events or its table, and a download link. */
export async function dataFileDocument(pub: Publication, revision: Revision, file: WikiFile, lang: Lang, now = new Date()): Promise<string> {
  const { wiki } = pub;
  const downloadHref = rawUrl(pub.site.basePath, file.path);
  const crumbs = await breadcrumbs(wiki, revision, file.path, false);
  let html: string | undefined;
  let problem: string | undefined;
  if (isCalendar(file.path)) {
    const cal = await wiki.data.calendar(file);
    if (cal instanceof Error) problem = cal[lang];
    else html = renderCalendar(cal, { lang, downloadHref, now });
  } else {
    const table = await wiki.data.table(file);
    if (table instanceof Error) problem = table[lang];
    else html = renderDataTable(table, { caption: baseName(file.path), downloadHref, lang });
  }
  const site = { ...pub.site, lang };
  return renderDocument(<DataFileView site={site} title={baseName(file.path)} crumbs={crumbs} html={html} problem={problem} downloadHref={downloadHref} />);
}

/** Upcoming events of every calendar in the wiki. */
export async function agendaDocument(pub: Publication, revision: Revision, lang: Lang, now = new Date()): Promise<string> {
  const calendars = await pub.wiki.data.calendarsUnder(revision, '' as WikiPath);
  const html = renderAgenda(upcomingEvents(calendars, now), {
    lang,
    hrefOf: (p) => pub.site.basePath + fileUrl(p as WikiPath),
    feedHref: `${pub.site.basePath}/-/agenda.ics`,
  });
  return renderDocument(<AgendaView site={{ ...pub.site, lang }} html={html} />);
}

/** The accessibility statement, legal notice or personal data page. */
export function legalDocument(pub: Publication, kind: LegalPageKind, lang: Lang): string {
  return renderDocument(<LegalView site={{ ...pub.site, lang }} kind={kind} contact={pub.contact} legal={pub.legal} />);
}

/** The generated listing of a folder without an index page. */
export async function folderDocument(pub: Publication, revision: Revision, folder: WikiPath, lang: Lang): Promise<string> {
  const { wiki } = pub;
  const base = pub.site.basePath;
  const entries = [];
  for (const entry of folderEntries(revision, folder)) {
    if (!wiki.isListed(entry.path)) continue;
    if (entry.kind === 'folder') entries.push({ kind: entry.kind, name: entry.name, label: await folderLabel(wiki, revision, entry.path), href: base + folderUrl(entry.path) });
    else if (entry.kind === 'page') {
      entries.push({ kind: entry.kind, name: entry.name, label: await wiki.titleOf(revision, entry.path), href: base + pageUrl(entry.path, isFolderIndex(revision, entry.path)) });
    } else entries.push({ kind: entry.kind, name: entry.name, label: entry.name, href: base + fileUrl(entry.path) });
  }
  const crumbs = await breadcrumbs(wiki, revision, folder, true);
  const title = await folderLabel(wiki, revision, folder);
  return renderDocument(<FolderView site={{ ...pub.site, lang }} title={title} crumbs={crumbs} entries={entries} />);
}

export async function notFoundDocument(pub: Publication, revision: Revision | undefined, suggestions: readonly WikiPath[], lang: Lang): Promise<string> {
  const links = [];
  for (const path of suggestions) {
    links.push({
      label: revision ? await pub.wiki.titleOf(revision, path) : path,
      href: pub.site.basePath + (revision ? pageUrl(path, isFolderIndex(revision, path)) : fileUrl(path)),
    });
  }
  return renderDocument(<NotFoundView site={{ ...pub.site, lang }} suggestions={links} />);
}
