/**
 * Moving a branch forward to a commit made elsewhere (an applied series, a web edit), without ever
 * losing a concurrent push or the user's uncommitted work: the ref moves by `git update-ref` checked
 * against its old value, and a work tree that has the branch checked out follows with
 * `git read-tree -m -u` (as `git checkout` would, keeping uncommitted edits to other files). When that
 * work tree has uncommitted changes to the files that change, or the branch moved meanwhile, nothing
 * moves and the caller is told which.
 */
import type { GitRepository } from './repository.js';
import { runGit } from './run.js';
import { TaskQueues } from './task-queues.js';

/** The branch checked out in a work tree with uncommitted changes to the files the commit changes. */
export interface WorktreeInTheWay {
  readonly kind: 'worktree-has-changes';
  readonly worktree: string;
  readonly detail: string;
  readonly fr: string;
  readonly en: string;
}

export type AdvanceOutcome = { readonly kind: 'advanced'; readonly worktreesUpdated: string[] } | WorktreeInTheWay | { readonly kind: 'branch-moved' };

const moves = new TaskQueues();

const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)[\p{L}\p{N}._/+-]{1,200}(?<![./])$/u;

/** A branch name git would accept and never read as an option. */
export function isBranchName(branch: string): boolean {
  return BRANCH.test(branch);
}

/**
 * Moves `branch` from `from` to `to`. Answers 'branch-moved' when the branch is no longer at `from`
 * (the caller rebuilds its commit on the new head and tries again). Moves in this process are done one
 * at a time per branch, so that two saves never make a work tree follow two heads at once.
 */
export function advanceBranch(repo: GitRepository, branch: string, from: string, to: string, reason: string): Promise<AdvanceOutcome> {
  if (!isBranchName(branch)) throw new Error(`Invalid branch name: ${JSON.stringify(branch)}`);
  for (const id of [from, to]) if (!/^[0-9a-f]{40,64}$/.test(id)) throw new Error(`Invalid commit id: ${JSON.stringify(id)}`);
  return moves.run(`${repo.commonDir}\0${branch}`, () => advance(repo, `refs/heads/${branch}`, from, to, reason));
}

async function advance(repo: GitRepository, ref: string, from: string, to: string, reason: string): Promise<AdvanceOutcome> {
  // Checked first so that work trees are not moved for a commit that cannot land.
  if ((await currentValue(repo, ref)) !== from) return { kind: 'branch-moved' };
  const updated: string[] = [];
  let inTheWay: WorktreeInTheWay | undefined;
  for (const worktree of await worktreesOn(repo, ref)) {
    const moved = await runGit(['read-tree', '-m', '-u', from, to], { cwd: worktree, okCodes: [128, 1] });
    if (moved.code !== 0) {
      inTheWay = worktreeInTheWay(worktree, moved.stderr.trim());
      break;
    }
    updated.push(worktree);
  }
  if (inTheWay === undefined) {
    const swapped = await runGit(['update-ref', '-m', reason, ref, to, from], { cwd: repo.gitDir, okCodes: [1, 128] });
    if (swapped.code === 0) return { kind: 'advanced', worktreesUpdated: updated };
  }
  // Put back what was moved forward: the branch is not where the work trees now are.
  for (const worktree of updated) await runGit(['read-tree', '-m', '-u', to, from], { cwd: worktree, okCodes: [128, 1] });
  return inTheWay ?? { kind: 'branch-moved' };
}

async function currentValue(repo: GitRepository, ref: string): Promise<string | undefined> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', ref], { cwd: repo.gitDir, okCodes: [1, 128] });
  return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
}

/** Non-bare work trees (the main one or added ones) that have `ref` checked out. */
async function worktreesOn(repo: GitRepository, ref: string): Promise<string[]> {
  const { stdout } = await runGit(['worktree', 'list', '--porcelain', '-z'], { cwd: repo.gitDir });
  const found: string[] = [];
  let path: string | undefined;
  let bare = false;
  for (const field of stdout.toString('utf8').split('\0')) {
    if (field.startsWith('worktree ')) {
      path = field.slice('worktree '.length);
      bare = false;
    } else if (field === 'bare') bare = true;
    else if (field === `branch ${ref}` && path !== undefined && !bare) found.push(path);
  }
  return found;
}

function worktreeInTheWay(worktree: string, detail: string): WorktreeInTheWay {
  return {
    kind: 'worktree-has-changes',
    worktree,
    detail,
    fr: `La copie de travail ${worktree} a des modifications non enregistrées dans des fichiers que ce changement modifie : enregistrez-les (commit) ou mettez-les de côté (stash), puis recommencez. Rien n’a été changé.`,
    en: `The work tree ${worktree} has uncommitted changes to files this change modifies: commit or stash them, then try again. Nothing was changed.`,
  };
}
