import { posix } from 'node:path';
import { GitError, gitErrors } from './errors.js';
import type { CommitInfo, GitRepository } from './repository.js';
import { runGit } from './run.js';

/**
 * Reading a repository's past: the commits of one file (following renames), the commits of a folder page by
 * page with the files each touched, one commit's changes, a file as it was at a commit. Verbs only: callers
 * never build a git command line, and every commit id and path is checked before git sees it.
 */

export interface HistoryCommit extends CommitInfo {
  parents: string[];
  /** The message after its first line, trimmed ('' when there is none). */
  body: string;
}

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

/** A file a commit touched, compared with the commit's first parent. Paths are repository paths as git stores them. */
export interface ChangedFile {
  status: ChangeStatus;
  path: string;
  /** Where the file was before, for renames and copies. */
  previousPath?: string;
}

export interface CommitWithFiles {
  commit: HistoryCommit;
  files: ChangedFile[];
}

export interface FileCommit {
  commit: HistoryCommit;
  /** What the commit did to the file (its path at that commit, and before when it was renamed). */
  change: ChangedFile;
}

export interface LogPage {
  skip: number;
  limit: number;
}

const FULL_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const SHORT_ID = /^[0-9a-f]{4,64}$/;
const MAX_LIMIT = 1000;
const FORMAT = '--format=%x01%H%x02%P%x02%an%x02%ae%x02%aI%x02%s%x02%b%x03';
const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type-changed' };

/** A repository path given by a caller: relative, no `..`, `.git`, NUL or leading dash. */
function checkPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  if (path.startsWith('/') || path.startsWith('-') || /[\u0000\n]/.test(path)) throw gitErrors.notFound(path);
  for (const segment of path.split('/')) {
    if (segment === '..' || segment === '.' || segment.toLowerCase() === '.git') throw gitErrors.notFound(path);
  }
  return path;
}

function checkCommit(commit: string): string {
  if (!FULL_ID.test(commit)) throw gitErrors.invalidRevision(commit);
  return commit;
}

function checkPage(page: LogPage): LogPage {
  const skip = Math.max(0, Math.floor(page.skip) || 0);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(page.limit) || 1));
  return { skip, limit };
}

function parseHeader(header: string): HistoryCommit {
  const [id = '', parents = '', authorName = '', authorEmail = '', authorDate = '', subject = '', body = ''] = header.split('\u0002');
  return { id, parents: parents.split(' ').filter(Boolean), authorName, authorEmail, authorDate, subject, body: body.trim() };
}

/** Reads `git log FORMAT --name-status -z` output: records start with \x01, the header ends with \x03. */
export function parseLog(output: string): CommitWithFiles[] {
  const result: CommitWithFiles[] = [];
  for (const record of output.split('\u0001')) {
    const end = record.indexOf('\u0003');
    if (end < 0) continue;
    const commit = parseHeader(record.slice(0, end));
    const tokens = record.slice(end + 1).split('\0');
    const files: ChangedFile[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const code = (tokens[i] ?? '').replace(/^\n/, '');
      const status = STATUS[code.charAt(0)];
      if (!status || code.length === 0) continue;
      if (status === 'renamed' || status === 'copied') {
        const previousPath = tokens[i + 1] ?? '';
        const path = tokens[i + 2] ?? '';
        files.push({ status, path, previousPath });
        i += 2;
      } else {
        files.push({ status, path: tokens[i + 1] ?? '' });
        i += 1;
      }
    }
    result.push({ commit, files });
  }
  return result;
}

async function git(repo: GitRepository, args: string[], okCodes: number[] = []): Promise<{ text: string; code: number }> {
  const result = await runGit(['-c', 'core.quotePath=false', ...args], { cwd: repo.gitDir, okCodes });
  return { text: result.stdout.toString('utf8'), code: result.code };
}

/**
 * The commits that changed one file, newest first, following it through renames (`git log --follow`):
 * merges that only brought the file over unchanged are left out, as git does.
 */
export async function fileLog(repo: GitRepository, tip: string, path: string, page: LogPage): Promise<FileCommit[]> {
  const { skip, limit } = checkPage(page);
  // `--skip` does not combine with `--follow` (git skips before it filters): the first pages are read and dropped.
  const args = ['--literal-pathspecs', 'log', '--follow', FORMAT, '--name-status', '-z', `-n${skip + limit}`, checkCommit(tip), '--', checkPath(path)];
  const entries = parseLog((await git(repo, args)).text).slice(skip);
  return entries.flatMap(({ commit, files }) => {
    const change = files[0];
    return change ? [{ commit, change }] : [];
  });
}

/** The commits that changed anything below `root` ('' for the whole repository), newest first, with their files. */
export async function folderLog(repo: GitRepository, tip: string, root: string, page: LogPage): Promise<CommitWithFiles[]> {
  const { skip, limit } = checkPage(page);
  const args = ['--literal-pathspecs', 'log', FORMAT, '--name-status', '-z', '-M', '--diff-merges=first-parent', `--skip=${skip}`, `-n${limit}`, checkCommit(tip), '--', root === '' ? '.' : checkPath(root)];
  return parseLog((await git(repo, args)).text);
}

/** One commit and the files it changed below `root`, compared with its first parent. */
export async function commitWithFiles(repo: GitRepository, commit: string, root: string): Promise<CommitWithFiles> {
  const args = ['--literal-pathspecs', 'show', FORMAT, '--name-status', '-z', '-M', '--diff-merges=first-parent', checkCommit(commit), '--', root === '' ? '.' : checkPath(root)];
  const [entry] = parseLog((await git(repo, args)).text);
  if (!entry) throw gitErrors.notFound(commit);
  return entry;
}

/**
 * The full id of a commit written in a URL (a full or abbreviated id), if it is reachable from `tip`:
 * commits of other branches are not part of this wiki's history and are never shown.
 */
export async function commitInHistory(repo: GitRepository, written: string, tip: string): Promise<string> {
  if (!SHORT_ID.test(written)) throw gitErrors.invalidRevision(written);
  const resolved = await git(repo, ['rev-parse', '--verify', '--quiet', `${written}^{commit}`], [1, 128]);
  const id = resolved.text.trim();
  if (resolved.code !== 0 || !FULL_ID.test(id)) throw gitErrors.notFound(written);
  const reachable = await git(repo, ['merge-base', '--is-ancestor', id, checkCommit(tip)], [1, 128]);
  if (reachable.code !== 0) throw gitErrors.notFound(written);
  return id;
}

/** A file's bytes at a commit (symbolic links and sub-modules excepted), or undefined when there is none. */
export async function fileAt(repo: GitRepository, commit: string, path: string): Promise<Buffer | undefined> {
  const listing = await git(repo, ['ls-tree', '-z', checkCommit(commit), '--', checkPath(path)], [128]);
  const record = listing.text.split('\0').find((r) => r.slice(r.indexOf('\t') + 1) === path);
  if (!record) return undefined;
  const [mode = '', type = '', id = ''] = record.slice(0, record.indexOf('\t')).split(' ');
  if (type !== 'blob' || mode === '120000') return undefined;
  try {
    return await repo.readBlob(id);
  } catch (error) {
    if (error instanceof GitError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

/** The first parent of a commit, or undefined for a root commit. */
export function firstParent(commit: HistoryCommit): string | undefined {
  return commit.parents[0];
}

/** A path below `root` made relative to it; undefined when it is outside. */
export function relativeToRoot(root: string, path: string): string | undefined {
  if (root === '') return path;
  const relative = posix.relative(root, path);
  return relative === '' || relative.startsWith('..') ? undefined : relative;
}
