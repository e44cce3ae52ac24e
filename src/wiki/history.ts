import { posix } from 'node:path';
import { LRUCache } from 'lru-cache';
import { type ChangeStatus, commitWithFiles, commitInHistory, fileAt, type ChangedFile, fileLog, folderLog, gitErrors, type HistoryCommit, relativeToRoot } from '../git/index.js';
import { GitSource } from './git-source.js';
import { parseWikiPath, type WikiPath } from './path.js';
import { buildRevision, type Revision, type WikiFile } from './revision.js';
import type { PageLabels, PageResult, Wiki } from './wiki.js';

/** A file a commit touched, as a wiki path (undefined when it lies outside the wiki's folder). */
export interface WikiFileChange {
  status: ChangeStatus;
  path: WikiPath | undefined;
  previousPath?: WikiPath | undefined;
}

export interface PageVersion {
  commit: HistoryCommit;
  change: WikiFileChange;
}

export interface WikiCommit {
  commit: HistoryCommit;
  files: WikiFileChange[];
}

export interface Paged<T> {
  items: T[];
  /** 1-based. */
  page: number;
  hasMore: boolean;
}

/** A page's source before and after one commit (undefined where the file did not exist). */
export interface PageChange {
  commit: HistoryCommit;
  change: WikiFileChange;
  before?: string;
  after?: string;
  /** The revisions on both sides, to render each version with the links it had. */
  beforeRevision?: Revision;
  afterRevision: Revision;
}

const MAX_PAGE = 10_000;

/**
 * The wiki's past, read from git: a page's versions following renames, the recent changes of the whole
 * wiki, a page as it was at a commit and what a commit changed in it. Only commits reachable from the
 * branch the wiki is served from are shown.
 */
export class WikiHistory {
  private readonly revisions = new LRUCache<string, Revision>({ max: 16 });

  private constructor(
    readonly wiki: Wiki,
    private readonly source: GitSource,
  ) {}

  /** The history of a wiki read from git; undefined for a folder of files, which has none. */
  static of(wiki: Wiki): WikiHistory | undefined {
    return wiki.source instanceof GitSource ? new WikiHistory(wiki, wiki.source) : undefined;
  }

  private get repo() {
    return this.source.repo;
  }

  private get root(): string {
    return this.source.root;
  }

  private repoPath(path: string): string {
    return this.root ? posix.join(this.root, path) : path;
  }

  private wikiPath(repoPath: string | undefined): WikiPath | undefined {
    if (repoPath === undefined) return undefined;
    const relative = relativeToRoot(this.root, repoPath);
    return relative === undefined ? undefined : parseWikiPath(relative);
  }

  private change(file: ChangedFile): WikiFileChange {
    const change: WikiFileChange = { status: file.status, path: this.wikiPath(file.path) };
    if (file.previousPath !== undefined) change.previousPath = this.wikiPath(file.previousPath);
    return change;
  }

  private static window(page: number, perPage: number): { page: number; skip: number; limit: number } {
    const at = Math.min(MAX_PAGE, Math.max(1, Math.floor(page) || 1));
    return { page: at, skip: (at - 1) * perPage, limit: perPage + 1 };
  }

  /** The commits that changed a page (or any file), newest first, following renames. */
  async pageHistory(path: WikiPath, page: number, perPage: number): Promise<Paged<PageVersion>> {
    const revision = await this.wiki.revision();
    const file = revision.files.get(path);
    const window = WikiHistory.window(page, perPage);
    const log = await fileLog(this.repo, revision.id, this.repoPath(file?.sourcePath ?? path), window);
    const items = log.slice(0, perPage).map(({ commit, change }) => ({ commit, change: this.change(change) }));
    return { items, page: window.page, hasMore: log.length > perPage };
  }

  /** The recent changes of the whole wiki, newest first, with the files each commit touched. */
  async changes(page: number, perPage: number): Promise<Paged<WikiCommit>> {
    const revision = await this.wiki.revision();
    const window = WikiHistory.window(page, perPage);
    const log = await folderLog(this.repo, revision.id, this.root, window);
    const items = log.slice(0, perPage).map(({ commit, files }) => ({ commit, files: files.map((f) => this.change(f)) }));
    return { items, page: window.page, hasMore: log.length > perPage };
  }

  /** The wiki as it was at a commit of its history. */
  async revisionAt(commit: string): Promise<Revision> {
    let revision = this.revisions.get(commit);
    if (!revision) {
      const entries = await this.repo.listTree(commit, this.root);
      revision = buildRevision(commit, entries.filter((e) => e.type === 'blob' && e.mode !== '120000'));
      this.revisions.set(commit, revision);
    }
    return revision;
  }

  /** Reads a commit id written in a URL; throws GitError when it is not part of the wiki's history. */
  async commit(written: string): Promise<HistoryCommit> {
    const tip = (await this.wiki.revision()).id;
    const id = await commitInHistory(this.repo, written, tip);
    return (await commitWithFiles(this.repo, id, this.root)).commit;
  }

  /** One commit of the wiki's history and the files it changed in the wiki. */
  async commitWithFiles(written: string): Promise<WikiCommit> {
    const tip = (await this.wiki.revision()).id;
    const id = await commitInHistory(this.repo, written, tip);
    const { commit, files } = await commitWithFiles(this.repo, id, this.root);
    return { commit, files: files.map((f) => this.change(f)) };
  }

  /** A page as it was at a commit, or undefined when the commit had no such page. */
  async pageAt(written: string, path: WikiPath): Promise<{ commit: HistoryCommit; revision: Revision; file: WikiFile } | undefined> {
    const commit = await this.commit(written);
    const revision = await this.revisionAt(commit.id);
    const file = revision.files.get(path);
    return file ? { commit, revision, file } : undefined;
  }

  /** What a commit changed in a page (the page's path at that commit), or undefined when it did not touch it. */
  async pageChange(written: string, path: WikiPath): Promise<PageChange | undefined> {
    const tip = (await this.wiki.revision()).id;
    const id = await commitInHistory(this.repo, written, tip);
    const { commit, files } = await commitWithFiles(this.repo, id, this.root);
    const file = files.find((f) => this.wikiPath(f.path) === path);
    if (!file) return undefined;
    const parent = commit.parents[0];
    const afterRevision = await this.revisionAt(commit.id);
    const result: PageChange = { commit, change: this.change(file), afterRevision };
    if (file.status !== 'deleted') result.after = await this.text(commit.id, file.path);
    if (parent && file.status !== 'added') {
      result.before = await this.text(parent, file.previousPath ?? file.path);
      result.beforeRevision = await this.revisionAt(parent);
    }
    return result;
  }

  private async text(commit: string, repoPath: string): Promise<string> {
    const bytes = await fileAt(this.repo, commit, repoPath);
    if (bytes === undefined) throw gitErrors.notFound(`${repoPath} @ ${commit.slice(0, 12)}`);
    return bytes.toString('utf8');
  }

  /** A version of a page rendered as the wiki rendered it then: its links resolved against that revision. */
  render(revision: Revision, path: WikiPath, labels: PageLabels): Promise<PageResult> | undefined {
    const file = revision.files.get(path);
    return file ? this.wiki.page(revision, file, labels) : undefined;
  }
}
