import { join, posix } from 'node:path';
import type { CommitInfo, GitRepository, TreeEntry } from '../git/repository.js';
import { buildRevision, type Revision, type WikiFile } from './revision.js';
import type { ContentSource } from './source.js';

const SETTINGS_FILE = '.feuillet.yml';

interface GitRevision {
  revision: Revision;
  settingsId?: string;
  repository?: Map<string, TreeEntry>;
}

/** A wiki read from the committed tree of a branch, never from the working files. */
export class GitSource implements ContentSource {
  readonly kind = 'git';
  private latest: GitRevision | undefined;
  private readonly changes = new Map<string, Promise<CommitInfo | undefined>>();

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
    const entries = await this.repo.listTree(commit, this.root);
    const settings = entries.find((e) => e.path === SETTINGS_FILE);
    const revision = buildRevision(
      commit,
      entries.filter((e) => e.type === 'blob' && e.mode !== '120000'),
    );
    this.latest = { revision, settingsId: settings?.id };
    // Links that climb out of a sub-folder wiki are checked against the whole repository, synchronously.
    if (this.root) this.latest.repository = new Map((await this.repo.listTree(commit, '')).map((e) => [e.path.normalize('NFC'), e]));
    if (this.changes.size > 20_000) this.changes.clear();
    return revision;
  }

  read(file: WikiFile): Promise<Buffer> {
    return this.repo.readBlob(file.id);
  }

  async settingsText(revision: Revision): Promise<string | undefined> {
    const id = this.latest?.revision === revision ? this.latest.settingsId : undefined;
    return id ? (await this.repo.readBlob(id)).toString('utf8') : undefined;
  }

  private repoPath(file: WikiFile): string {
    return this.root ? posix.join(this.root, file.sourcePath) : file.sourcePath;
  }

  lastChange(revision: Revision, file: WikiFile): Promise<CommitInfo | undefined> {
    const key = `${revision.id}:${file.sourcePath}`;
    let change = this.changes.get(key);
    if (!change) {
      change = this.repo.lastChange(revision.id, this.repoPath(file)).catch(() => undefined);
      this.changes.set(key, change);
    }
    return change;
  }

  async lastChanges(revision: Revision, files: readonly WikiFile[]): Promise<Map<WikiFile, CommitInfo>> {
    const byPath = new Map(files.map((f) => [this.repoPath(f), f]));
    const found = await this.repo.lastChanges(revision.id, new Set(byPath.keys()), this.root);
    const result = new Map<WikiFile, CommitInfo>();
    for (const [path, info] of found) {
      const file = byPath.get(path);
      if (file) result.set(file, info);
    }
    return result;
  }

  async repositoryFile(revision: Revision, repoPath: string): Promise<Buffer | undefined> {
    const tree = this.latest?.revision === revision ? this.latest.repository : undefined;
    const entry = tree?.get(repoPath.normalize('NFC'));
    return entry?.type === 'blob' && entry.mode !== '120000' ? this.repo.readBlob(entry.id) : undefined;
  }

  repositoryHas(revision: Revision, repoPath: string): boolean {
    return this.latest?.revision === revision && (this.latest.repository?.has(repoPath.normalize('NFC')) ?? false);
  }

  close(): void {
    this.repo.close();
  }
}
