import { GitError, type HistoryCommit } from '../git/index.js';
import { atomFeed, type AtomEntry, type AtomFeed } from '../views/atom.js';
import { RecentChangesView, type CommitView } from '../views/recent-changes.js';
import { DiffView } from '../views/diff.js';
import { HistoryView, OldVersionView } from '../views/history.js';
import { renderDocument } from '../views/layout.js';
import { messagesFor, type Lang } from '../views/messages.js';
import type { SiteView } from '../views/model.js';
import { NotFoundView } from '../views/not-found.js';
import { WikiHistory, type WikiCommit } from '../wiki/history.js';
import { recentChangesFeedUrl, changesUrl, commitUrl, diffUrl, historyFeedUrl, historyUrl, versionUrl } from '../wiki/history-urls.js';
import { htmlBlocks } from '../wiki/html-blocks.js';
import { breadcrumbs } from '../wiki/navigation.js';
import { renderedDiff, sourceDiff } from '../wiki/page-diff.js';
import { baseName, isMarkdown, type WikiPath } from '../wiki/path.js';
import { isFolderIndex, type Revision } from '../wiki/revision.js';
import { pageUrl } from '../wiki/urls.js';
import { pageLabels, type Publication } from './documents.js';

/**
 * The pages of a wiki's past — a page's history, a page as it was, what a commit changed, the recent
 * changes — and their Atom feeds, shared by the live server and the static build.
 */

export const HISTORY_PER_PAGE = 50;
export const CHANGES_PER_PAGE = 30;
const FEED_ENTRIES = 50;

/** A document, or why there is none: the caller answers 404 with `html`. */
export type HistoryDocument = { status: 200 | 404; html: string };

const siteOf = (pub: Publication, lang: Lang): SiteView => ({ ...pub.site, lang });

function notFound(pub: Publication, lang: Lang, text?: string): HistoryDocument {
  const site = siteOf(pub, lang);
  const html = renderDocument(<NotFoundView site={text ? { ...site, notice: text } : site} suggestions={[]} />);
  return { status: 404, html };
}

/** Commits that are not part of the wiki's history, and ids that are not ids, are "not found". */
async function unlessMissing<T>(work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof GitError && (error.kind === 'not-found' || error.kind === 'invalid-revision' || error.kind === 'unknown-ref')) return undefined;
    throw error;
  }
}

/** The URL of a page or file below the site, when it still exists. */
function urlIn(revision: Revision, path: WikiPath): string | undefined {
  if (!revision.files.has(path)) return undefined;
  return isMarkdown(path) ? pageUrl(path, isFolderIndex(revision, path)) : `/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The current URL of a page, when it still exists. */
function currentUrl(pub: Publication, revision: Revision, path: WikiPath): string | undefined {
  const url = urlIn(revision, path);
  return url === undefined ? undefined : pub.site.basePath + url;
}

async function titleAt(pub: Publication, revision: Revision, path: WikiPath): Promise<string> {
  return revision.files.has(path) && isMarkdown(path) ? pub.wiki.titleOf(revision, path) : baseName(path);
}

export async function historyDocument(pub: Publication, path: WikiPath, page: number, lang: Lang): Promise<HistoryDocument> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return notFound(pub, lang, messagesFor(lang).historyNeedsGit);
  const base = pub.site.basePath;
  const revision = await pub.wiki.revision();
  const versions = await history.pageHistory(path, page, HISTORY_PER_PAGE);
  if (versions.items.length === 0 && versions.page === 1) return notFound(pub, lang);
  const html = renderDocument(
    <HistoryView
      site={siteOf(pub, lang)}
      pageTitle={await titleAt(pub, revision, path)}
      pageHref={currentUrl(pub, revision, path)}
      {...(revision.files.has(path) && isMarkdown(path) ? { pagePath: path } : {})}
      crumbs={await breadcrumbs(pub.wiki, revision, path, false)}
      feedHref={historyFeedUrl(base, path)}
      versions={versions.items.map(({ commit, change }) => ({
        commit: commit.id,
        authorName: commit.authorName,
        date: commit.authorDate,
        subject: commit.subject,
        status: change.status,
        previousPath: change.status === 'renamed' ? change.previousPath : undefined,
        versionHref: change.path && change.status !== 'deleted' && isMarkdown(change.path) ? versionUrl(base, commit.id, change.path) : undefined,
        diffHref: change.path ? diffUrl(base, commit.id, change.path) : undefined,
      }))}
      previousHref={versions.page > 1 ? historyUrl(base, path, versions.page - 1) : undefined}
      nextHref={versions.hasMore ? historyUrl(base, path, versions.page + 1) : undefined}
    />,
  );
  return { status: 200, html };
}

/** The id of the commit that comes right after `commit` in the page's history is not needed: a version links to its own diff. */
export async function oldVersionDocument(pub: Publication, written: string, path: WikiPath, lang: Lang): Promise<HistoryDocument> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return notFound(pub, lang, messagesFor(lang).historyNeedsGit);
  const found = await unlessMissing(history.pageAt(written, path));
  if (!found || !isMarkdown(path)) return notFound(pub, lang);
  const base = pub.site.basePath;
  const current = await pub.wiki.revision();
  const page = await pub.wiki.page(found.revision, found.file, pageLabels(lang));
  const html = renderDocument(
    <OldVersionView
      site={siteOf(pub, lang)}
      title={page.title}
      lang={page.lang}
      crumbs={await breadcrumbs(pub.wiki, current, path, false)}
      commit={found.commit.id}
      date={found.commit.authorDate}
      authorName={found.commit.authorName}
      html={page.body.kind === 'html' ? page.body.html : undefined}
      unrenderable={page.body.kind === 'unrenderable' ? page.body.reason : undefined}
      currentHref={currentUrl(pub, current, path)}
      historyHref={historyUrl(base, path)}
      diffHref={diffUrl(base, found.commit.id, path)}
    />,
  );
  return { status: 200, html };
}

export async function diffDocument(pub: Publication, written: string, path: WikiPath, lang: Lang): Promise<HistoryDocument> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return notFound(pub, lang, messagesFor(lang).historyNeedsGit);
  const change = await unlessMissing(history.pageChange(written, path));
  if (!change) return notFound(pub, lang);
  const base = pub.site.basePath;
  const labels = pageLabels(lang);
  const source = sourceDiff(change.before ?? '', change.after ?? '');
  let rendered;
  if (isMarkdown(path) && source.kind === 'text') {
    const beforePath = change.change.previousPath ?? path;
    const before = change.beforeRevision ? await history.render(change.beforeRevision, beforePath, labels) : undefined;
    const after = change.after !== undefined ? await history.render(change.afterRevision, path, labels) : undefined;
    const blocks = (page: typeof before) => (page?.body.kind === 'html' ? htmlBlocks(page.body.html) : []);
    rendered = renderedDiff(blocks(before), blocks(after));
  }
  const current = await pub.wiki.revision();
  const html = renderDocument(
    <DiffView
      site={siteOf(pub, lang)}
      pageTitle={await titleAt(pub, change.afterRevision, path)}
      crumbs={await breadcrumbs(pub.wiki, current, path, false)}
      commit={change.commit.id}
      authorName={change.commit.authorName}
      date={change.commit.authorDate}
      subject={change.commit.subject}
      body={change.commit.body}
      status={change.change.status}
      previousPath={change.change.status === 'renamed' ? change.change.previousPath : undefined}
      source={source}
      rendered={rendered}
      versionHref={change.after !== undefined && isMarkdown(path) ? versionUrl(base, change.commit.id, path) : undefined}
      historyHref={historyUrl(base, path)}
    />,
  );
  return { status: 200, html };
}

function commitView(pub: Publication, change: WikiCommit): CommitView {
  const base = pub.site.basePath;
  return {
    commit: change.commit.id,
    authorName: change.commit.authorName,
    date: change.commit.authorDate,
    subject: change.commit.subject,
    href: commitUrl(base, change.commit.id),
    files: change.files.map((f) => ({
      status: f.status,
      path: f.path ?? '?',
      previousPath: f.previousPath,
      diffHref: f.path && isMarkdown(f.path) ? diffUrl(base, change.commit.id, f.path) : undefined,
    })),
  };
}

export async function recentChangesDocument(pub: Publication, page: number, lang: Lang): Promise<HistoryDocument> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return notFound(pub, lang, messagesFor(lang).historyNeedsGit);
  const base = pub.site.basePath;
  const changes = await history.changes(page, CHANGES_PER_PAGE);
  if (changes.items.length === 0 && changes.page > 1) return notFound(pub, lang);
  const html = renderDocument(
    <RecentChangesView
      site={siteOf(pub, lang)}
      title={messagesFor(lang).changesTitle}
      feedHref={recentChangesFeedUrl(base)}
      commits={changes.items.map((c) => commitView(pub, c))}
      previousHref={changes.page > 1 ? changesUrl(base, changes.page - 1) : undefined}
      nextHref={changes.hasMore ? changesUrl(base, changes.page + 1) : undefined}
    />,
  );
  return { status: 200, html };
}

export async function commitDocument(pub: Publication, written: string, lang: Lang): Promise<HistoryDocument> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return notFound(pub, lang, messagesFor(lang).historyNeedsGit);
  const change = await unlessMissing(history.commitWithFiles(written));
  if (!change) return notFound(pub, lang);
  const m = messagesFor(lang);
  const html = renderDocument(
    <RecentChangesView site={siteOf(pub, lang)} title={`${m.commitLabel} ${change.commit.id.slice(0, 10)}`} feedHref={recentChangesFeedUrl(pub.site.basePath)} commits={[commitView(pub, change)]} />,
  );
  return { status: 200, html };
}

function entryOf(commit: HistoryCommit, url: string, summary: string): AtomEntry {
  return { id: url, title: commit.subject || commit.id.slice(0, 10), url, updated: commit.authorDate, author: { name: commit.authorName }, summary };
}

/**
 * Where the feed of recent changes points. Atom wants absolute identifiers; links may be relative to the feed.
 * The live server has a page per commit and the list of changes; a static site has neither.
 */
export interface ChangesFeedPlaces {
  /** Scheme, host and base path of the site, or undefined when unknown (a static site built without `--base-url`). */
  site: string | undefined;
  /** Where the feed's readers go to see the changes, and a commit, below the site. */
  alternate: string;
  entryUrl(change: WikiCommit, revision: Revision): string;
}

/** `origin` is the scheme and host the feed is served from. */
export async function recentChangesFeed(pub: Publication, origin: string, lang: Lang): Promise<string | undefined> {
  const places: ChangesFeedPlaces = { site: origin + pub.site.basePath, alternate: changesUrl(''), entryUrl: (c) => commitUrl('', c.commit.id) };
  return changesFeedAt(pub, places, lang);
}

/**
 * The feed of a static site: entries lead to the page a commit changed (the first one still there), or to
 * the home page. Without history (a wiki that is not a git repository) the feed is empty.
 */
export async function staticChangesFeed(pub: Publication, siteUrl: string | undefined, lang: Lang): Promise<string> {
  const places: ChangesFeedPlaces = {
    site: siteUrl,
    alternate: '/',
    entryUrl: (change, revision) => {
      for (const file of change.files) {
        const url = file.path ? urlIn(revision, file.path) : undefined;
        if (url) return url;
      }
      return '/';
    },
  };
  return (await changesFeedAt(pub, places, lang)) ?? emptyFeed(pub, places, lang);
}

function feedFrame(pub: Publication, places: ChangesFeedPlaces, lang: Lang): Omit<AtomFeed, 'updated' | 'entries'> {
  const m = messagesFor(lang);
  const id = places.site === undefined ? 'urn:feuillet:changes' : places.site + changesUrl('');
  const link = (path: string) => (places.site ?? pub.site.basePath) + path;
  return { id, title: `${m.changesTitle} — ${pub.site.title}`, selfUrl: link(recentChangesFeedUrl('')), alternateUrl: link(places.alternate), lang };
}

function emptyFeed(pub: Publication, places: ChangesFeedPlaces, lang: Lang): string {
  return atomFeed({ ...feedFrame(pub, places, lang), updated: '1970-01-01T00:00:00Z', entries: [] });
}

async function changesFeedAt(pub: Publication, places: ChangesFeedPlaces, lang: Lang): Promise<string | undefined> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return undefined;
  const [{ items }, revision] = await Promise.all([history.changes(1, FEED_ENTRIES), pub.wiki.revision()]);
  const link = (path: string) => (places.site ?? pub.site.basePath) + path;
  const feed: AtomFeed = {
    ...feedFrame(pub, places, lang),
    updated: items[0]?.commit.authorDate ?? '1970-01-01T00:00:00Z',
    entries: items.map((c) => {
      const files = c.files.map((f) => `${f.path ?? '?'}${f.previousPath ? ` ← ${f.previousPath}` : ''}`);
      const id = places.site === undefined ? `urn:feuillet:commit:${c.commit.id}` : places.site + commitUrl('', c.commit.id);
      return { ...entryOf(c.commit, link(places.entryUrl(c, revision)), [c.commit.body, files.join('\n')].filter(Boolean).join('\n\n')), id };
    }),
  };
  return atomFeed(feed);
}

export async function pageFeed(pub: Publication, path: WikiPath, origin: string, lang: Lang): Promise<string | undefined> {
  const history = WikiHistory.of(pub.wiki);
  if (!history) return undefined;
  const base = origin + pub.site.basePath;
  const { items } = await history.pageHistory(path, 1, FEED_ENTRIES);
  if (items.length === 0) return undefined;
  const revision = await pub.wiki.revision();
  const m = messagesFor(lang);
  const feed: AtomFeed = {
    id: base + historyUrl('', path),
    title: `${m.historyOf} « ${await titleAt(pub, revision, path)} » — ${pub.site.title}`,
    selfUrl: base + historyFeedUrl('', path),
    alternateUrl: base + historyUrl('', path),
    updated: items[0]?.commit.authorDate ?? '1970-01-01T00:00:00Z',
    lang,
    entries: items.map(({ commit, change }) => {
      const url = change.path ? base + diffUrl('', commit.id, change.path) : base + commitUrl('', commit.id);
      return entryOf(commit, url, commit.body);
    }),
  };
  return atomFeed(feed);
}
