/**
 * A commit made from files given in memory (a web edit, a new page, an upload), on top of a given
 * commit, without any work tree and without a process per commit: blobs and the commit object go through
 * long-lived `git hash-object` processes (`writeObject`), the new trees through the long-lived tree writer
 * (`editTree`: only the folders on the changed paths are read and written again). The new commit is referenced by nothing:
 * `advanceBranch` moves a branch to it, or it becomes a patch (a proposal). A user's work tree and index
 * are never read nor written.
 */
import { checkIdentity, gitDate, type Identity } from './identity.js';
import type { GitRepository } from './repository.js';
import { commitBytes, writeObject } from './object-writer.js';
import { editTree, treeOf, TreeConflict, type TreeChange } from './trees.js';
import { UserError } from '../user-error.js';

/**
 * A file to write (whole content, or a blob already written with `writeBlobs`) or to delete, named by its
 * repository path (the wiki root included).
 */
export type FileChange =
  | { readonly path: string; readonly content: Buffer }
  | { readonly path: string; readonly blob: string }
  | { readonly path: string; readonly delete: true };

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
export class CommitFilesError extends UserError {}

/**
 * Writes contents as blobs (bytes as given, no filters) and returns their ids in the same order. A save
 * calls it before waiting for its turn on the branch: blobs depend on nothing else.
 */
export function writeBlobs(repo: GitRepository, contents: readonly Buffer[]): Promise<string[]> {
  return Promise.all(contents.map((content) => writeObject(repo, 'blob', content)));
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
    if ('blob' in change && !/^[0-9a-f]{40,64}$/.test(change.blob)) throw new CommitFilesError(`Blob invalide : ${change.blob}`, `Invalid blob: ${change.blob}`);
    if (seen.has(change.path)) throw new CommitFilesError(`Fichier nommé deux fois : ${change.path}`, `File named twice: ${change.path}`);
    seen.add(change.path);
  }
  const contents = request.changes.flatMap((change) => ('content' in change ? [change.content] : []));
  const blobs = await writeBlobs(repo, contents);
  const changes = request.changes.map((change): TreeChange => ('content' in change ? { path: change.path, blob: blobs.shift() as string } : change));
  let tree: string;
  try {
    tree = await editTree(repo, await treeOf(repo, request.base), changes);
  } catch (error) {
    if (error instanceof TreeConflict) {
      throw new CommitFilesError(`Un fichier et un dossier porteraient le même nom : ${error.path}`, `A file and a folder would have the same name: ${error.path}`);
    }
    throw error;
  }
  const commit = { tree, parents: [request.base], author: request.author, committer, date: gitDate(request.date ?? new Date()), message: request.message };
  return writeObject(repo, 'commit', commitBytes(commit));
}

/** Paths git stores (relative, `/`-separated, no empty, `.` or `..` part, nothing under `.git`), else an error. */
function checkPath(path: string): void {
  const parts = path.split('/');
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  const bad = path === '' || /[\u0000-\u001f\\]/.test(path) || parts.some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git');
  if (bad) throw new CommitFilesError(`Chemin de fichier refusé : ${JSON.stringify(path)}`, `File path refused: ${JSON.stringify(path)}`);
}
