/**
 * A commit made from files given in memory (a web edit, a new page, an upload), on top of a given
 * commit, without any work tree: blobs are written with `git hash-object -w`, the tree is built in a
 * temporary index (`read-tree` of the base, `update-index`, `write-tree`) and the commit with
 * `git commit-tree`. The new commit is referenced by nothing: `advanceBranch` moves a branch to it, or
 * it becomes a patch (a proposal). A user's work tree and index are never read nor written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkIdentity, gitDate, type Identity } from './apply.js';
import type { GitRepository } from './repository.js';
import { runGit } from './run.js';

/** A file to write (whole content) or to delete, named by its repository path (the wiki root included). */
export type FileChange = { readonly path: string; readonly content: Buffer } | { readonly path: string; readonly delete: true };

export interface CommitRequest {
  /** The commit the new one follows (its only parent); its tree is the starting point. */
  readonly base: string;
  readonly changes: readonly FileChange[];
  readonly author: Identity;
  /** Defaults to the author. */
  readonly committer?: Identity;
  readonly message: string;
  /** Author and committer date; defaults to now. */
  readonly date?: Date;
}

/** A request git would refuse or that would write outside the repository's files: a bug of the caller or hostile input. */
export class CommitFilesError extends Error {
  constructor(
    readonly fr: string,
    readonly en: string,
  ) {
    super(`${fr} / ${en}`);
    this.name = 'CommitFilesError';
  }
}

/** Makes the commit and returns its id. */
export async function commitFiles(repo: GitRepository, request: CommitRequest): Promise<string> {
  const committer = request.committer ?? request.author;
  checkIdentity(request.author);
  checkIdentity(committer);
  if (!/^[0-9a-f]{40,64}$/.test(request.base)) throw new CommitFilesError(`Révision de base invalide : ${request.base}`, `Invalid base revision: ${request.base}`);
  if (request.changes.length === 0) throw new CommitFilesError('Aucun fichier à enregistrer.', 'No file to commit.');
  const seen = new Set<string>();
  for (const change of request.changes) {
    checkPath(change.path);
    if (seen.has(change.path)) throw new CommitFilesError(`Fichier nommé deux fois : ${change.path}`, `File named twice: ${change.path}`);
    seen.add(change.path);
  }
  const modes = await currentModes(repo, request.base, [...seen]);
  const removed: string[] = [];
  const added: string[] = [];
  for (const change of request.changes) {
    if ('delete' in change) {
      removed.push(change.path);
    } else {
      const blob = (await runGit(['hash-object', '-w', '--stdin'], { cwd: repo.gitDir, input: change.content })).stdout.toString('utf8').trim();
      // An executable file stays executable; a symbolic link or submodule becomes an ordinary file.
      const mode = modes.get(change.path) === '100755' ? '100755' : '100644';
      added.push('--cacheinfo', `${mode},${blob},${change.path}`);
    }
  }
  const scratch = await mkdtemp(join(tmpdir(), 'feuillet-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    await runGit(['read-tree', request.base], { cwd: repo.gitDir, env });
    // Removals first (a file may give way to a folder of the same name); `--cacheinfo` refuses a file
    // where a folder is, where `--index-info` would silently drop the folder.
    // (`--force-remove PATH` wants a work tree; a mode-0 line of `--index-info` removes without one.)
    const zero = '0'.repeat(request.base.length);
    const steps = [
      ...(removed.length > 0 ? [{ args: ['-z', '--index-info'], input: removed.map((path) => `0 ${zero}\t${path}\0`).join('') }] : []),
      ...(added.length > 0 ? [{ args: ['--add', ...added], input: undefined }] : []),
    ];
    for (const step of steps) {
      const updated = await runGit(['update-index', ...step.args], { cwd: repo.gitDir, env, input: step.input, okCodes: [128, 1] });
      if (updated.code !== 0) throw new CommitFilesError(`Ces fichiers ne peuvent pas être enregistrés ici : ${updated.stderr.trim()}`, `These files cannot be written there: ${updated.stderr.trim()}`);
    }
    const written = await runGit(['write-tree'], { cwd: repo.gitDir, env, okCodes: [128] });
    if (written.code !== 0) throw new CommitFilesError(`Arborescence impossible à écrire : ${written.stderr.trim()}`, `Could not write the tree: ${written.stderr.trim()}`);
    const tree = written.stdout.toString('utf8').trim();
    const date = gitDate(request.date ?? new Date());
    const identity = {
      GIT_AUTHOR_NAME: request.author.name,
      GIT_AUTHOR_EMAIL: request.author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: date,
    };
    const message = request.message.endsWith('\n') ? request.message : `${request.message}\n`;
    const commit = await runGit(['commit-tree', '--no-gpg-sign', '-p', request.base, '-F', '-', tree], { cwd: repo.gitDir, env: identity, input: message });
    return commit.stdout.toString('utf8').trim();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Paths git stores (relative, `/`-separated, no empty, `.` or `..` part, nothing under `.git`), else an error. */
function checkPath(path: string): void {
  const parts = path.split('/');
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  const bad = path === '' || /[\u0000-\u001f\\]/.test(path) || parts.some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git');
  if (bad) throw new CommitFilesError(`Chemin de fichier refusé : ${JSON.stringify(path)}`, `File path refused: ${JSON.stringify(path)}`);
}

/** The mode of each of `paths` that exists at `commit`. */
async function currentModes(repo: GitRepository, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
  const { stdout } = await runGit(['--literal-pathspecs', 'ls-tree', '-z', commit, '--', ...paths], { cwd: repo.gitDir });
  const modes = new Map<string, string>();
  for (const record of stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab > 0) modes.set(record.slice(tab + 1), record.slice(0, record.indexOf(' ')));
  }
  return modes;
}
