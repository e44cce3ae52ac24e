/**
 * One file operation as one commit on the wiki's published branch, with the writer as author: the
 * operation is planned on the branch head (is the name free? which pages link here?), committed with
 * `commitFiles`, and the branch moves by `commitOnBranch`, checked against the head it was planned on.
 * When someone else's commit lands in between, the operation is planned again on the new head, so a
 * check (a name taken meanwhile) is never made against an old state.
 */
import { posix } from 'node:path';
import { type BranchWork, commitFiles, CommitFilesError, commitOnBranch, type FileChange, type Identity } from '../git/index.js';
import { GitSource } from '../wiki/git-source.js';
import type { WikiPath } from '../wiki/path.js';
import type { Revision } from '../wiki/revision.js';
import type { Wiki } from '../wiki/wiki.js';
import { isRefusal, refusal, type Refusal } from '../user-error.js';

/** What an operation wants committed, in wiki paths (the wiki root inside the repository is added here). */
export interface PlannedCommit {
  readonly changes: readonly FileEdit[];
  readonly message: string;
}

/** A file of the wiki to write or delete. `sourcePath` names an existing file as git stores it (NFD names stay NFD). */
export type FileEdit = { readonly path: WikiPath; readonly content: Buffer } | { readonly delete: WikiPath };

export interface Committed {
  readonly kind: 'committed';
  readonly commit: string;
}

const NO_GIT = refusal(
  'Ce wiki n’est pas lu depuis une branche git : il ne peut pas être modifié en ligne.',
  'This wiki is not read from a git branch: it cannot be changed online.',
);

/** The branch the wiki follows: the one given (`--ref`), else the one HEAD names. */
async function branchOf(source: GitSource): Promise<string | undefined> {
  return source.ref?.replace(/^refs\/heads\//, '') ?? (await source.repo.currentBranch());
}

/** Plans on the head, commits, moves the branch; plans again when the branch moved meanwhile. */
export async function commitToWiki(wiki: Wiki, author: Identity, plan: (head: Revision) => Promise<PlannedCommit | Refusal>): Promise<Committed | Refusal> {
  const source = wiki.source;
  if (!(source instanceof GitSource)) return NO_GIT;
  const branch = await branchOf(source);
  if (branch === undefined) return NO_GIT;
  const outcome = await commitOnBranch(source.repo, branch, async (): Promise<BranchWork<Committed | Refusal>> => {
    const head = await source.current();
    const planned = await plan(head);
    if (isRefusal(planned)) return { answer: planned };
    try {
      const commit = await commitFiles(source.repo, {
        base: head.id,
        changes: planned.changes.map((change) => repositoryChange(source, head, change)),
        author,
        message: planned.message,
      });
      return { base: head.id, commit, reason: `feuillet: ${planned.message.split('\n')[0] ?? ''}`, landed: () => ({ kind: 'committed', commit }) };
    } catch (error) {
      if (error instanceof CommitFilesError) return { answer: refusal(error.fr, error.en) };
      throw error;
    }
  });
  if (outcome.kind === 'worktree-has-changes') return refusal(outcome.fr, outcome.en);
  if (outcome.kind === 'branch-kept-moving') return refusal('Le wiki a changé pendant chaque tentative d’enregistrement ; réessayez.', 'The wiki changed during every attempt to save; try again.');
  return outcome;
}

/** A wiki change as git names it: under the wiki's folder, existing files by their stored name. */
function repositoryChange(source: GitSource, head: Revision, change: FileEdit): FileChange {
  const inRepository = (path: string) => (source.root ? posix.join(source.root, path) : path);
  if ('delete' in change) return { path: inRepository(head.files.get(change.delete)?.sourcePath ?? change.delete), delete: true };
  return { path: inRepository(head.files.get(change.path)?.sourcePath ?? change.path), content: change.content };
}
