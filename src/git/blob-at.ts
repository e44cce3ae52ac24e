import type { GitRepository } from './repository.js';
import { entryAt, isTree } from './trees.js';

/**
 * The blob a repository path holds at a commit: its id, or undefined when the path is no file there
 * (absent, a folder, a submodule, a symbolic link). A commit that does not exist is a `not-found`
 * GitError. Read through the repository's long-lived cat-file process: no process per call.
 */
export async function blobAt(repo: GitRepository, commit: string, path: string): Promise<string | undefined> {
  const item = await entryAt(repo, commit, path);
  return item && !isTree(item) && item.mode !== '120000' && item.mode !== '160000' ? item.id : undefined;
}
