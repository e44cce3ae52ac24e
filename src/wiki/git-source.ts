import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { CommitInfo, GitRepository, ReadPriority, TreeEntry } from '../git/index.js';
import { buildRevision, type Revision, type WikiFile } from './revision.js';
import type { ContentSource } from './source.js';

const SETTINGS_FILE = '.feuillet.yml';

interface GitRevision {
  revision: Revision;
  repository?: Map<string, TreeEntry>;
}

/** The last commit of every file of one commit, by repository path; undefined when the walk failed. */
/** The last commit of every path at `commit`, as a build keeps it: each commit once, then path → commit id. */
export interface LastChangesRecord {
  commit: string;
  commits: Record<string, CommitInfo>;
  paths: [path: string, commit: string][];
}

interface LastChangeTable {
  commit: string;
  changes: Promise<Map<string, CommitInfo> | undefined>;
}

/** A wiki read from the committed tree of a branch, never from the working files. */
export class GitSource implements ContentSource {
  readonly kind = 'git';
  private latest: GitRevision | undefined;
  /** The tree being read for a new commit: requests that arrive meanwhile wait for the same reading. */
  private loading: { commit: string; revision: Promise<Revision> } | undefined;
  private table: LastChangeTable | undefined;
  /** The blob of `.feuillet.yml` in each revision read (none: no such file), for the settings of any of them. */
  private readonly settingsIds = new WeakMap<Revision, string | undefined>();

  constructor(
    readonly repo: GitRepository,
    /** Branch or revision; undefined follows HEAD. */
    readonly ref: string | undefined,
    /** Sub-folder of the repository that is the wiki ('' for all of it). */
    readonly root: string,
  ) {}

  /** Inside the git directory (`.git/feuillet`, or `feuillet/` in a bare repository): copying the repository copies it. */
  get defaultDataDir(): string {
    return join(this.repo.gitDir, 'feuillet');
  }

  get label(): string {
    return this.root ? `${this.repo.dir} (${this.root})` : this.repo.dir;
  }

  async current(): Promise<Revision> {
    const commit = await this.repo.resolve(this.ref ?? 'HEAD');
    if (this.latest?.revision.id === commit) return this.latest.revision;
    if (this.loading?.commit !== commit) {
      const loading = { commit, revision: this.load(commit) };
      this.loading = loading;
      const forget = () => {
        if (this.loading === loading) this.loading = undefined;
      };
      loading.revision.then(forget, forget);
    }
    return this.loading.revision;
  }

  private async load(commit: string): Promise<Revision> {
    // The files of the revision before: their sizes need not be asked again (most files did not change).
    const known = this.latest ? new Map([...this.latest.revision.files.values()].map((file) => [file.id, file.size])) : undefined;
    const entries = await this.repo.listTree(commit, this.root, known);
    const settings = entries.find((e) => e.path === SETTINGS_FILE);
    const revision = buildRevision(
      commit,
      entries.filter((e) => e.type === 'blob' && e.mode !== '120000'),
    );
    this.settingsIds.set(revision, settings?.id);
    const latest: GitRevision = { revision };
    // Links that climb out of a sub-folder wiki are checked against the whole repository, synchronously.
    if (this.root) {
      const before = this.latest?.repository;
      const sizes = before ? new Map([...before.values()].map((entry) => [entry.id, entry.size])) : undefined;
      latest.repository = new Map((await this.repo.listTree(commit, '', sizes)).map((e) => [e.path.normalize('NFC'), e]));
    }
    this.latest = latest;
    return revision;
  }

  read(file: WikiFile, priority?: ReadPriority): Promise<Buffer> {
    return this.repo.readBlob(file.id, file.size, priority);
  }

  stream(file: WikiFile): Readable {
    return this.repo.streamBlob(file.id);
  }

  async settingsText(revision: Revision): Promise<string | undefined> {
    const id = this.settingsIds.get(revision);
    return id ? (await this.repo.readBlob(id)).toString('utf8') : undefined;
  }

  private repoPath(file: WikiFile): string {
    return this.root ? posix.join(this.root, file.sourcePath) : file.sourcePath;
  }

  async lastChange(revision: Revision, file: WikiFile): Promise<CommitInfo | undefined> {
    return (await this.lastChangeTable(revision.id))?.get(this.repoPath(file));
  }

  async lastChanges(revision: Revision, files: readonly WikiFile[]): Promise<Map<WikiFile, CommitInfo>> {
    const table = await this.lastChangeTable(revision.id);
    const result = new Map<WikiFile, CommitInfo>();
    for (const file of files) {
      const change = table?.get(this.repoPath(file));
      if (change) result.set(file, change);
    }
    return result;
  }

  /**
   * The last commit of every path at `commit`, for a build to keep: the next one, given it back through
   * `knowLastChanges`, walks only the commits made since instead of the whole history.
   */
  async lastChangesRecord(commit: string): Promise<LastChangesRecord | undefined> {
    const table = await this.lastChangeTable(commit);
    if (!table) return undefined;
    const commits: Record<string, CommitInfo> = {};
    const paths: [string, string][] = [];
    // In path order: a table walked since the last build and one walked from scratch are kept alike.
    for (const [path, change] of [...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      commits[change.id] = change;
      paths.push([path, change.id]);
    }
    return { commit, commits, paths };
  }

  /** Takes the table an earlier run kept (see `lastChangesRecord`) as the one of its commit. */
  knowLastChanges(record: LastChangesRecord): void {
    // A damaged record (the manifest is a file anyone can edit) is ignored: the history is walked in full.
    if (typeof record.commit !== 'string' || !Array.isArray(record.paths) || typeof record.commits !== 'object' || record.commits === null) return;
    const changes = new Map<string, CommitInfo>();
    for (const [path, id] of record.paths) {
      const change = record.commits[id];
      if (change) changes.set(path, change);
    }
    this.table = { commit: record.commit, changes: Promise.resolve(changes) };
  }

  /**
   * The last commit of every file at `commit`, made once per commit: from the table of the commit served
   * before when it is an ancestor (only what changed since is walked), else from one walk of the history.
   * A failed walk (the commit gone, git killed) shows no last change and is tried again by the next request.
   */
  private lastChangeTable(commit: string): Promise<Map<string, CommitInfo> | undefined> {
    if (this.table?.commit === commit) return this.table.changes;
    const before = this.table;
    const table: LastChangeTable = {
      commit,
      changes: this.walkChanges(commit, before).catch(() => {
        if (this.table === table) this.table = before;
        return undefined;
      }),
    };
    this.table = table;
    return table.changes;
  }

  private async walkChanges(commit: string, before: LastChangeTable | undefined): Promise<Map<string, CommitInfo>> {
    const previous = await before?.changes;
    if (!before || !previous || !(await this.repo.isAncestor(before.commit, commit))) return this.repo.lastChanges(commit, this.root);
    const changes = new Map(previous);
    for (const [path, change] of await this.repo.lastChanges(commit, this.root, before.commit)) changes.set(path, change);
    return changes;
  }

  async repositoryFile(revision: Revision, repoPath: string): Promise<Buffer | undefined> {
    const tree = this.latest?.revision === revision ? this.latest.repository : undefined;
    const entry = tree?.get(repoPath.normalize('NFC'));
    return entry?.type === 'blob' && entry.mode !== '120000' ? this.repo.readBlob(entry.id, entry.size) : undefined;
  }

  repositoryHas(revision: Revision, repoPath: string): boolean {
    return this.latest?.revision === revision && (this.latest.repository?.has(repoPath.normalize('NFC')) ?? false);
  }

  close(): Promise<void> {
    return this.repo.close();
  }
}
