import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Readable } from 'node:stream';
import { blobStream, CatFileBatch, LARGE_BLOB_BYTES, readLargeBlob, type ReadPriority } from './cat-file.js';
import { GitError, gitErrors } from './errors.js';
import { RefFiles } from './refs.js';
import { runGit } from './run.js';

export interface TreeEntry {
  /** Path relative to the listed folder, as git stores it (not yet normalised). */
  path: string;
  mode: string;
  /** 'commit' is a submodule: listed, never read. */
  type: 'blob' | 'commit';
  id: string;
  size: number;
}

export interface CommitInfo {
  id: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601 with the author's offset. */
  authorDate: string;
  subject: string;
}

/** Branch names, commit ids and simple revision expressions; never something git could read as an option. */
const REVISION = /^(?!-)[\p{L}\p{N}._/@{}~^+-]{1,255}$/u;

export function isValidRevision(rev: string): boolean {
  return REVISION.test(rev) && !rev.includes('..');
}

const LOG_FORMAT = '--format=%x01%H%x02%an%x02%ae%x02%aI%x02%s';

function parseCommitHeader(header: string): CommitInfo {
  const [id = '', authorName = '', authorEmail = '', authorDate = '', subject = ''] = header.replace(/^\n/, '').slice(1).split('\u0002');
  return { id, authorName, authorEmail, authorDate, subject };
}

/** The only door to a git repository: a handful of verbs, typed errors, inputs validated where they enter. */
export class GitRepository {
  private readonly batch: CatFileBatch;
  /** A second reader for background work: thousands of its reads must not queue ahead of a reader's few. */
  private readonly backgroundBatch: CatFileBatch;
  private readonly refs: RefFiles;

  private constructor(
    /** The folder given by the user, resolved. */
    readonly dir: string,
    readonly gitDir: string,
    readonly commonDir: string,
    readonly bare: boolean,
  ) {
    this.batch = new CatFileBatch(gitDir);
    this.backgroundBatch = new CatFileBatch(gitDir);
    this.refs = new RefFiles(commonDir, gitDir);
  }

  static async open(dir: string): Promise<GitRepository> {
    const absolute = resolvePath(dir);
    let out: string;
    try {
      const result = await runGit(['rev-parse', '--git-dir', '--git-common-dir', '--is-bare-repository'], { cwd: absolute });
      out = result.stdout.toString('utf8');
    } catch {
      throw gitErrors.notARepository(dir);
    }
    const [gitDir = '.git', commonDir = gitDir, bare = 'false'] = out.trim().split('\n');
    const abs = (p: string) => (isAbsolute(p) ? p : resolvePath(absolute, p));
    return new GitRepository(absolute, abs(gitDir), abs(commonDir), bare === 'true');
  }

  /** The commit a branch (default: HEAD) points at. */
  async resolve(ref = 'HEAD'): Promise<string> {
    if (!isValidRevision(ref)) throw gitErrors.invalidRevision(ref);
    const candidates = ref === 'HEAD' || ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`];
    for (const name of candidates) {
      const id = this.refs.read(name);
      if (id) return id;
    }
    const result = await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: this.gitDir, okCodes: [1, 128] });
    const id = result.stdout.toString('utf8').trim();
    if (result.code === 0 && id) return id;
    if (ref === 'HEAD' && !(await this.hasCommits())) throw gitErrors.emptyRepository(this.dir);
    throw gitErrors.unknownRef(ref);
  }

  /** The name of the branch HEAD points at (e.g. `main`), or undefined when HEAD is detached. */
  async currentBranch(): Promise<string | undefined> {
    const result = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: this.gitDir, okCodes: [1, 128] });
    return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
  }

  private async hasCommits(): Promise<boolean> {
    const result = await runGit(['rev-list', '-n', '1', '--all'], { cwd: this.gitDir, okCodes: [128] });
    return result.stdout.length > 0;
  }

  /** Every file below `root` (a folder of the repository, '' for all) at `commit`, recursively. */
  /**
   * Every file under `root` at `commit`, with its size. Sizes cost git a look into each blob (`ls-tree
   * -l` takes 0.5 s on 10,000 loose files, the listing alone 10 ms): those in `knownSizes` (by blob id,
   * e.g. the previous revision's) are taken from there, and only the others are asked for.
   */
  async listTree(commit: string, root = '', knownSizes?: ReadonlyMap<string, number>): Promise<TreeEntry[]> {
    if (!/^[0-9a-f]{40,64}$/.test(commit)) throw gitErrors.invalidRevision(commit);
    const withSizes = knownSizes === undefined;
    let stdout: Buffer;
    try {
      ({ stdout } = await runGit(['ls-tree', '-r', ...(withSizes ? ['-l'] : []), '-z', `${commit}:${root}`], { cwd: this.gitDir }));
    } catch (error) {
      if (error instanceof GitError) throw gitErrors.notFound(`${root || '/'} @ ${commit.slice(0, 12)}`);
      throw error;
    }
    const entries: TreeEntry[] = [];
    for (const record of stdout.toString('utf8').split('\0')) {
      const tab = record.indexOf('\t');
      if (tab < 0) continue;
      const [mode = '', type = '', id = '', size = ''] = record.slice(0, tab).split(/ +/);
      if (type !== 'blob' && type !== 'commit') continue;
      entries.push({ path: record.slice(tab + 1), mode, type, id, size: withSizes ? Number(size) || 0 : (knownSizes.get(id) ?? -1) });
    }
    if (!withSizes) {
      const unknown = [...new Set(entries.filter((entry) => entry.type === 'blob' && entry.size < 0).map((entry) => entry.id))];
      const sizes = await this.blobSizes(unknown);
      for (const entry of entries) if (entry.size < 0) entry.size = sizes.get(entry.id) ?? 0;
    }
    return entries;
  }

  /** Sizes of blobs by id, from one `git cat-file --batch-check`. */
  private async blobSizes(ids: readonly string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    if (ids.length === 0) return sizes;
    const { stdout } = await runGit(['cat-file', '--batch-check=%(objectname) %(objectsize)'], { cwd: this.gitDir, input: `${ids.join('\n')}\n` });
    for (const line of stdout.toString('latin1').split('\n')) {
      const [id, size] = line.split(' ');
      if (id !== undefined && size !== undefined && /^\d+$/.test(size)) sizes.set(id, Number(size));
    }
    return sizes;
  }

  /** A blob's bytes; `size`, when the caller knows it from a tree, sends a large blob to a process of its own. */
  readBlob(id: string, size?: number, priority: ReadPriority = 'now'): Promise<Buffer> {
    if (size !== undefined && size > LARGE_BLOB_BYTES) return readLargeBlob(this.gitDir, id);
    return (priority === 'now' ? this.batch : this.backgroundBatch).read(id);
  }

  /** A blob's bytes as they are read, for files too large to hold whole for each request. */
  streamBlob(id: string): Readable {
    return blobStream(this.gitDir, id);
  }

  /** Whether `ancestor` is in the history of `commit` (so that what changed since is `ancestor..commit`). */
  async isAncestor(ancestor: string, commit: string): Promise<boolean> {
    if (!isValidRevision(ancestor) || !isValidRevision(commit)) throw gitErrors.invalidRevision(`${ancestor} ${commit}`);
    const result = await runGit(['merge-base', '--is-ancestor', ancestor, commit], { cwd: this.gitDir, okCodes: [1, 128] });
    return result.code === 0;
  }

  /**
   * The newest commit that touched each path below `root` (repository paths), in one walk of the history of
   * `commit`, or of what `since..commit` adds when `since` is given: a `git log -1` per page would cost a
   * process per page.
   */
  async lastChanges(commit: string, root = '', since?: string): Promise<Map<string, CommitInfo>> {
    if (!isValidRevision(commit) || (since !== undefined && !isValidRevision(since))) throw gitErrors.invalidRevision(commit);
    const range = since === undefined ? commit : `${since}..${commit}`;
    const { stdout } = await runGit(['--literal-pathspecs', 'log', LOG_FORMAT, '--name-only', '-z', range, '--', root || '.'], { cwd: this.gitDir });
    const found = new Map<string, CommitInfo>();
    let current: CommitInfo | undefined;
    // Split the bytes before decoding: a path's UTF-8 is never cut in two.
    for (let start = 0; start < stdout.length; ) {
      let end = stdout.indexOf(0, start);
      if (end < 0) end = stdout.length;
      const token = stdout.toString('utf8', start, end);
      start = end + 1;
      if (token.startsWith('\x01') || token.startsWith('\n\x01')) current = parseCommitHeader(token);
      else if (current && token !== '') {
        const path = token.replace(/^\n/, '');
        if (!found.has(path)) found.set(path, current);
      }
    }
    return found;
  }

  async close(): Promise<void> {
    await Promise.all([this.batch.close(), this.backgroundBatch.close()]);
  }
}
