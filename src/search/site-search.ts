import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ReadPriority } from '../git/index.js';
import { breadcrumbs } from '../wiki/navigation.js';
import { isMarkdown, parentOf, parseWikiPath, type WikiPath } from '../wiki/path.js';
import { isFolderIndex, type Revision, type WikiFile } from '../wiki/revision.js';
import { pageUrl } from '../wiki/urls.js';
import type { Wiki } from '../wiki/wiki.js';
import { isIndexDamage, SearchIndexFile } from './index-file.js';
import type { IndexedPage } from './index-writing.js';
import { markedText, type MarkedText } from './marked.js';
import { pageText } from './page-text.js';
import { titleAndBody } from './page-title.js';
import { parseQuery } from './query.js';

export interface SearchResult {
  path: WikiPath;
  url: string;
  title: MarkedText;
  snippet: MarkedText;
  /** The folders above the page, from the home page down. */
  crumbs: { label: string; href: string }[];
}

export interface SearchRequest {
  /** What the reader typed. */
  query: string;
  /** Only pages in this folder or below it. */
  folder?: WikiPath;
  /** 1-based page of results. */
  page?: number;
}

export interface SearchResults {
  query: string;
  folder: WikiPath;
  page: number;
  results: SearchResult[];
  hasMore: boolean;
}

export const RESULTS_PER_PAGE = 20;
const MAX_PAGE = 50;

/** The index file of a wiki in its data folder; a sub-folder wiki gets its own. */
export function searchIndexPath(dataDir: string, root: string): string {
  const suffix = root === '' ? '' : `-${createHash('sha1').update(root).digest('hex').slice(0, 10)}`;
  return join(dataDir, `search${suffix}.sqlite`);
}

/** Reads a page into what the index stores: title (as the page shows it), headings, body text. */
export async function indexedPage(wiki: Wiki, file: WikiFile, priority?: ReadPriority): Promise<IndexedPage> {
  const base = { path: file.path, folder: parentOf(file.path), blob: file.id };
  const fallbackTitle = wiki.defaultTitle(file.path);
  // A page too large to read, or not text, is found by its title.
  if (file.size > wiki.options.maxPageBytes) return { ...base, title: fallbackTitle, headings: '', body: '' };
  const bytes = await wiki.source.read(file, priority);
  if (bytes.includes(0)) return { ...base, title: fallbackTitle, headings: '', body: '' };
  const { title, body } = titleAndBody(bytes.toString('utf8'));
  const text = pageText(body);
  return { ...base, title: title || fallbackTitle, headings: text.headings.join('\n'), body: text.body };
}

const BATCH = 250;
/** Batches asked for ahead of the one being written. */
const AHEAD = 3;
/** Pages to index from which a writer thread pays for itself (starting one costs tens of milliseconds). */
const THREAD_FROM = 2_000;

/** Pages read batch by batch, the next batches' reads already asked for while one is being written. */
async function* inBatches(wiki: Wiki, files: readonly WikiFile[]): AsyncGenerator<IndexedPage[]> {
  const read = (batch: readonly WikiFile[]) => Promise.all(batch.map((file) => indexedPage(wiki, file, 'background')));
  const ahead: Promise<IndexedPage[]>[] = [];
  for (let start = 0; start < files.length || ahead.length > 0; ) {
    while (ahead.length < AHEAD && start < files.length) {
      const next = read(files.slice(start, start + BATCH));
      // Awaited in its turn; until then a failure must not count as unhandled.
      next.catch(() => undefined);
      ahead.push(next);
      start += BATCH;
    }
    const current = ahead.shift();
    if (current) yield await current;
  }
}

/**
 * Search for one wiki: an index file in its data folder, brought up to the wiki's current revision before
 * each query (only pages whose content id changed are read again), rebuilt from git when it goes missing
 * or is damaged.
 */
export class SiteSearch {
  private index: SearchIndexFile;
  /** Syncs run one after the other: a second commit waits for the first one's index update. */
  private queue: Promise<unknown> = Promise.resolve();
  private synced: string | undefined;
  /** What the last update did: pages read and indexed, pages taken out (for tests and progress lines). */
  lastUpdate = { indexed: 0, removed: 0 };

  constructor(
    readonly wiki: Wiki,
    readonly file: string,
  ) {
    this.index = SearchIndexFile.open(file);
  }

  /** Brings the index up to the wiki's current revision; returns that revision. */
  async ready(): Promise<Revision> {
    const revision = await this.wiki.revision();
    if (this.synced === revision.id && this.index.isPresent()) return revision;
    const run = this.queue.then(() => this.syncTo(revision));
    this.queue = run.catch(() => undefined);
    await run;
    return revision;
  }

  private async syncTo(revision: Revision): Promise<void> {
    if (!this.index.isPresent()) this.reopen();
    if (this.synced === revision.id) return;
    try {
      await this.update(revision);
    } catch (error) {
      if (!isIndexDamage(error)) throw error;
      this.reopen();
      await this.update(revision);
    }
    this.synced = revision.id;
  }

  private reopen(): void {
    this.synced = undefined;
    this.index.close();
    this.index = SearchIndexFile.open(this.file);
  }

  private async update(revision: Revision): Promise<void> {
    if (this.index.revision() === revision.id) return;
    const stored = this.index.blobs();
    const wanted = this.wiki.pages(revision).filter((f) => this.wiki.isListed(f.path));
    const wantedPaths = new Set<string>(wanted.map((f) => f.path));
    const remove = [...stored.keys()].filter((path) => !wantedPaths.has(path));
    const changed = wanted.filter((f) => stored.get(f.path) !== f.id);
    await this.index.update(remove, inBatches(this.wiki, changed), revision.id, changed.length >= THREAD_FROM);
    this.lastUpdate = { indexed: changed.length, removed: remove.length };
  }

  async search(request: SearchRequest): Promise<SearchResults> {
    const folder = request.folder ?? ('' as WikiPath);
    const page = Math.min(Math.max(1, Math.floor(request.page ?? 1) || 1), MAX_PAGE);
    const empty: SearchResults = { query: request.query, folder, page, results: [], hasMore: false };
    const query = parseQuery(request.query);
    if (!query) return empty;
    const revision = await this.ready();
    const options = { folder, limit: RESULTS_PER_PAGE + 1, offset: (page - 1) * RESULTS_PER_PAGE };
    let hits;
    try {
      hits = this.index.hits(query, options);
    } catch (error) {
      if (!isIndexDamage(error)) throw error;
      this.reopen();
      await this.ready();
      hits = this.index.hits(query, options);
    }
    const results: SearchResult[] = [];
    for (const hit of hits.slice(0, RESULTS_PER_PAGE)) {
      const path = parseWikiPath(hit.path);
      // A page removed since the last sync cannot be in the hits; this guards against a hand-edited index.
      if (path === undefined || !revision.files.has(path) || !isMarkdown(path)) continue;
      results.push({
        path,
        url: this.wiki.options.basePath + pageUrl(path, isFolderIndex(revision, path)),
        title: markedText(hit.title),
        snippet: markedText(hit.snippet),
        crumbs: await breadcrumbs(this.wiki, revision, path, false),
      });
    }
    return { ...empty, results, hasMore: hits.length > RESULTS_PER_PAGE };
  }

  close(): void {
    this.index.close();
  }
}
