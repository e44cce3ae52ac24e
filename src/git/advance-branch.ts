/**
 * Moving a branch forward to a commit made elsewhere (an applied series, a web edit), without ever
 * losing a concurrent push or the user's uncommitted work: the ref moves by `git update-ref` checked
 * against its old value, and a work tree that has the branch checked out follows with
 * `git read-tree -m -u` (as `git checkout` would, keeping uncommitted edits to other files). When that
 * work tree has uncommitted changes to the files that change, or the branch moved meanwhile, nothing
 * moves and the caller is told which.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crashPoint } from '../crash-point.js';
import { withBranchLock } from './branch-lock.js';
import { writeDurably } from '../store/durable-file.js';
import type { GitRepository } from './repository.js';
import { GitError } from './errors.js';
import { isRunning } from './leftovers.js';
import { GitLinePipe } from './line-pipe.js';
import { runPostReceive } from './post-receive.js';
import { runGit } from './run.js';
import type { Bilingual } from '../user-error.js';

/** The branch checked out in a work tree with uncommitted changes to the files the commit changes. */
export interface WorktreeInTheWay extends Bilingual {
  readonly kind: 'worktree-has-changes';
  readonly worktree: string;
  readonly detail: string;
}

export type AdvanceOutcome = { readonly kind: 'advanced'; readonly worktreesUpdated: string[] } | WorktreeInTheWay | { readonly kind: 'branch-moved' };

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
  checkCommitIds(from, to);
  return holdingBranch(repo, branch, (move) => move(from, to, reason));
}

/** Ids are checked before anything waits its turn: a wrong one is the caller's error, said at once. */
function checkCommitIds(...ids: string[]): void {
  for (const id of ids) if (!/^[0-9a-f]{40,64}$/.test(id)) throw new Error(`Invalid commit id: ${JSON.stringify(id)}`);
}

/** Moves the held branch, inside `holdingBranch`'s turn. */
export type MoveHeldBranch = (from: string, to: string, reason: string) => Promise<AdvanceOutcome>;

/**
 * Runs `work` in the branch's turn: no other move of the branch by this process happens meanwhile, so a
 * long piece of work (applying a series) built on the head it reads can land, instead of losing the race
 * to every quick save made while it ran. Other Feuillet processes wait for it too (branch-lock.ts); only
 * a push can still move the branch.
 */
export function holdingBranch<T>(repo: GitRepository, branch: string, work: (move: MoveHeldBranch) => Promise<T>): Promise<T> {
  if (!isBranchName(branch)) throw new Error(`Invalid branch name: ${JSON.stringify(branch)}`);
  const ref = `refs/heads/${branch}`;
  const move: MoveHeldBranch = (from, to, reason) => {
    checkCommitIds(from, to);
    return advance(repo, ref, from, to, reason);
  };
  // In turn within this process, then across processes (a terminal's `feuillet apply`, another server).
  return withBranchLock(repo.commonDir, branch, () => work(move));
}

async function advance(repo: GitRepository, ref: string, from: string, to: string, reason: string): Promise<AdvanceOutcome> {
  // Checked first so that work trees are not moved for a commit that cannot land.
  if ((await currentValue(repo, ref)) !== from) return { kind: 'branch-moved' };
  const worktrees = await worktreesOn(repo, ref);
  // Work trees move before the branch: a crash between the two is repaired at the next start (see below).
  const journal = worktrees.length > 0 ? await startMove(repo, { pid: process.pid, ref, from, to, worktrees }) : undefined;
  try {
    const updated: string[] = [];
    let inTheWay: WorktreeInTheWay | undefined;
    for (const worktree of worktrees) {
      const moved = await runGit(['read-tree', '-m', '-u', from, to], { cwd: worktree, okCodes: [128, 1] });
      if (moved.code !== 0) {
        inTheWay = worktreeInTheWay(worktree, moved.stderr.trim());
        break;
      }
      updated.push(worktree);
    }
    crashPoint('advance:work-tree-moved');
    if (inTheWay === undefined) {
      if (await swap(repo, ref, from, to, reason)) {
        await runPostReceive(repo, ref, from, to).catch((error: unknown) => console.error(`post-receive: ${(error as Error).message}`));
        return { kind: 'advanced', worktreesUpdated: updated };
      }
    }
    // Put back what was moved forward: the branch is not where the work trees now are.
    for (const worktree of updated) await runGit(['read-tree', '-m', '-u', to, from], { cwd: worktree, okCodes: [128, 1] });
    return inTheWay ?? { kind: 'branch-moved' };
  } finally {
    if (journal) await rm(journal, { force: true });
  }
}

/**
 * A move under way, written durably before any work tree changes and removed once the branch has moved
 * (or the work trees were put back). One left behind by a process that no longer runs is a move a crash
 * cut between the work trees and the branch.
 */
interface MoveRecord {
  readonly pid: number;
  readonly ref: string;
  readonly from: string;
  readonly to: string;
  readonly worktrees: readonly string[];
}

const MOVES_FOLDER = 'feuillet-moves';

async function startMove(repo: GitRepository, record: MoveRecord): Promise<string> {
  const folder = join(repo.commonDir, MOVES_FOLDER);
  await mkdir(folder, { recursive: true });
  const name = `${record.pid}-${createHash('sha1').update(record.ref).digest('hex').slice(0, 16)}.json`;
  const path = join(folder, name);
  await rm(path, { force: true });
  await writeDurably(`${path}.tmp`, path, (handle) => handle.writeFile(JSON.stringify(record)));
  return path;
}

function isMoveRecord(value: unknown): value is MoveRecord {
  const r = value as Partial<MoveRecord> | null;
  return (
    typeof r === 'object' && r !== null && Number.isInteger(r.pid) && typeof r.ref === 'string' && r.ref.startsWith('refs/heads/') &&
    typeof r.from === 'string' && /^[0-9a-f]{40,64}$/.test(r.from) && typeof r.to === 'string' && /^[0-9a-f]{40,64}$/.test(r.to) &&
    Array.isArray(r.worktrees) && r.worktrees.every((w) => typeof w === 'string')
  );
}

/** What start-up did about a move a crash interrupted, in French and English. */
export interface RepairedMove extends Bilingual {
  readonly ref: string;
}

/**
 * Finishes what a crash left between a work tree and its branch: when the branch is still where the move
 * started, the work trees that may have moved forward are put back to it, so that `git status` shows no
 * edit nobody confirmed and later saves of those files are not refused. A branch that did move needs
 * nothing (the work trees moved first); one moved by someone else meanwhile is left as it is, and said.
 */
export async function repairInterruptedMoves(repo: GitRepository): Promise<RepairedMove[]> {
  const folder = join(repo.commonDir, MOVES_FOLDER);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const repaired: RepairedMove[] = [];
  for (const name of names) {
    const path = join(folder, name);
    if (name.endsWith('.tmp')) {
      // A record whose writing was cut: no work tree had moved yet.
      if (!isRunning(Number(name.split('-')[0]))) await rm(path, { force: true });
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      record = undefined;
    }
    if (!isMoveRecord(record)) {
      await rm(path, { force: true });
      continue;
    }
    if (isRunning(record.pid)) continue;
    const branch = await currentValue(repo, record.ref);
    if (branch === record.from) {
      for (const worktree of record.worktrees) if (existsSync(worktree)) await putBack(worktree, record);
      repaired.push({
        ref: record.ref,
        fr: `Copie de travail remise sur ${record.ref.slice(11)} (${record.from.slice(0, 12)}) : un enregistrement a été interrompu avant que la branche n’avance.`,
        en: `Work tree put back on ${record.ref.slice(11)} (${record.from.slice(0, 12)}): a save was cut before the branch moved.`,
      });
    } else if (branch !== record.to) {
      repaired.push({
        ref: record.ref,
        fr: `Un enregistrement sur ${record.ref.slice(11)} a été interrompu et la branche a bougé depuis : vérifiez « git status » de ${record.worktrees.join(', ')}.`,
        en: `A save on ${record.ref.slice(11)} was cut and the branch has moved since: check "git status" in ${record.worktrees.join(', ')}.`,
      });
    }
    await rm(path, { force: true });
  }
  return repaired;
}

/**
 * Puts a work tree that may have moved from `from` to `to` back on `from`: git's own two-way merge first,
 * then the files a cut `read-tree` wrote without recording them in the index (they hold exactly the
 * blob of `to`, which nobody typed in that work tree) are checked out again. Other edits are kept.
 */
async function putBack(worktree: string, move: MoveRecord): Promise<void> {
  await runGit(['read-tree', '-m', '-u', move.to, move.from], { cwd: worktree, okCodes: [128, 1] });
  const changed = (await runGit(['diff', '--name-only', '-z', '--no-renames', move.from, move.to], { cwd: worktree })).stdout.toString('utf8').split('\0').filter(Boolean);
  if (changed.length === 0) return;
  const blobsOf = async (commit: string) => {
    const { stdout } = await runGit(['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', commit, '--', ...changed], { cwd: worktree });
    return new Map(stdout.toString('utf8').split('\0').filter(Boolean).map((line) => [line.slice(line.indexOf('\t') + 1), line.split(/[ \t]/)[2] ?? '']));
  };
  const [before, after] = [await blobsOf(move.from), await blobsOf(move.to)];
  const present = changed.filter((path) => existsSync(join(worktree, path)));
  if (present.length === 0) return;
  const { stdout } = await runGit(['hash-object', '--no-filters', '--stdin-paths'], { cwd: worktree, input: present.join('\n') + '\n' });
  const hashes = stdout.toString('utf8').trim().split('\n');
  const restore: string[] = [];
  for (const [i, path] of present.entries()) {
    if (hashes[i] !== after.get(path)) continue;
    if (before.has(path)) restore.push(path);
    else await rm(join(worktree, path), { force: true });
  }
  if (restore.length > 0) await runGit(['--literal-pathspecs', 'checkout', move.from, '--', ...restore], { cwd: worktree });
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
