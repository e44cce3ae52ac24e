/**
 * Moving a branch forward to a commit made elsewhere (an applied series, a web edit), without ever
 * losing a concurrent push or the user's uncommitted work: the ref moves by `git update-ref` checked
 * against its old value, and a work tree that has the branch checked out follows with
 * `git read-tree -m -u` (as `git checkout` would, keeping uncommitted edits to other files). When that
 * work tree has uncommitted changes to the files that change, or the branch moved meanwhile, nothing
 * moves and the caller is told which.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GitRepository } from './repository.js';
import { GitError } from './errors.js';
import { GitLinePipe } from './line-pipe.js';
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
    if (await swap(repo, ref, from, to, reason)) return { kind: 'advanced', worktreesUpdated: updated };
  }
  // Put back what was moved forward: the branch is not where the work trees now are.
  for (const worktree of updated) await runGit(['read-tree', '-m', '-u', to, from], { cwd: worktree, okCodes: [128, 1] });
  return inTheWay ?? { kind: 'branch-moved' };
}

const updaters = new Map<string, GitLinePipe>();

/**
 * `git update-ref` from `from` to `to`, checked against `from`, through a long-lived `update-ref --stdin`
 * per repository and reflog reason (the reason is the process's `-m`): the saves of the editor, which all
 * give the same reason, cost no process each. git refuses a transaction whose old value is wrong by
 * ending: that request fails, the next one starts a new process.
 */
async function swap(repo: GitRepository, ref: string, from: string, to: string, reason: string): Promise<boolean> {
  const key = `${repo.gitDir}\0${reason}`;
  let updater = updaters.get(key);
  if (!updater) {
    // Pipes of reasons given once (an applied series) are forgotten once their process has ended.
    for (const [other, pipe] of updaters) if (!pipe.running) updaters.delete(other);
    updater = new GitLinePipe(['update-ref', '-m', reason, '--stdin'], repo.gitDir);
    updaters.set(key, updater);
  }
  try {
    const answer = await updater.request(Buffer.from(`start\nupdate ${ref} ${to} ${from}\ncommit\n`), 2);
    return answer.join('\n') === 'start: ok\ncommit: ok';
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}

/** Where the branch is, read from the ref files (no process); undefined when it does not exist. */
async function currentValue(repo: GitRepository, ref: string): Promise<string | undefined> {
  return repo.resolve(ref).catch(() => undefined);
}

/** Non-bare work trees (the main one or added ones) that have `ref` checked out. */
async function worktreesOn(repo: GitRepository, ref: string): Promise<string[]> {
  // A bare repository that never had a work tree added has none to follow: no process asked.
  if (repo.bare && !existsSync(join(repo.commonDir, 'worktrees'))) return [];
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
