/**
 * "Make a commit on the branch head, move the branch to it, make it again on the new head if the branch
 * moved meanwhile": the one loop behind web saves, file operations and applied series. The first try
 * holds nobody up; the next ones run in the branch's turn (`holdingBranch`), where only a push can still
 * move the branch, so slow work (a long series) lands instead of losing every race to quick saves.
 */
import { advanceBranch, holdingBranch, type MoveHeldBranch, type WorktreeInTheWay } from './advance-branch.js';
import type { GitRepository } from './repository.js';

/**
 * What one try made of the branch as it found it: a commit built on `base` to move the branch to, and
 * what to answer once it has landed; or an answer that ends the tries at once (a conflict, a refusal).
 */
export type BranchWork<T> =
  | { readonly base: string; readonly commit: string; readonly reason: string; readonly landed: (worktreesUpdated: readonly string[]) => T }
  | { readonly answer: T };

/** The branch moved under every try (pushes, or other processes' commits). */
export interface BranchKeptMoving {
  readonly kind: 'branch-kept-moving';
}

const ATTEMPTS = 6;

/**
 * Runs `work` until its commit lands on `branch`, at most ATTEMPTS times. A work tree with uncommitted
 * changes to the files the commit changes stops it, as `advanceBranch` says.
 */
export async function commitOnBranch<T>(repo: GitRepository, branch: string, work: () => Promise<BranchWork<T>>): Promise<T | WorktreeInTheWay | BranchKeptMoving> {
  // `done` wraps the answer: an answer of `work` may itself be anything, undefined included.
  const attempt = async (move: MoveHeldBranch): Promise<{ done: T | WorktreeInTheWay } | undefined> => {
    const step = await work();
    if ('answer' in step) return { done: step.answer };
    const moved = await move(step.base, step.commit, step.reason);
    if (moved.kind === 'advanced') return { done: step.landed(moved.worktreesUpdated) };
    return moved.kind === 'worktree-has-changes' ? { done: moved } : undefined;
  };
  const first = await attempt((from, to, reason) => advanceBranch(repo, branch, from, to, reason));
  if (first) return first.done;
  for (let again = 1; again < ATTEMPTS; again++) {
    const outcome = await holdingBranch(repo, branch, attempt);
    if (outcome) return outcome.done;
  }
  return { kind: 'branch-kept-moving' };
}
