/**
 * A branch's turn, within this process and across processes: `feuillet serve` and a `feuillet apply` run
 * in a terminal (or two servers on one repository) move the same branch. Callers of this process wait in
 * a queue; then a folder beside the repository's refs, made by proper-lockfile, makes the other processes
 * wait too, so that a series applied in a terminal lands instead of losing every race to the server's
 * quick saves. A holder killed with SIGKILL leaves its lock, taken as abandoned once it has not been
 * refreshed for STALE_MS.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { TaskQueues } from './task-queues.js';

const STALE_MS = 5_000;
/** Waiting for another process's turn: up to about a minute, polling every 5 to 100 ms. */
const RETRIES = { retries: 650, minTimeout: 5, maxTimeout: 100, factor: 1.3 };

/** This process's holders wait here rather than poll the lock file. */
const turns = new TaskQueues();

/** Runs `work` in the turn named `branch` (a branch, or another name for another kind of turn). */
export function withBranchLock<T>(commonDir: string, branch: string, work: () => Promise<T>): Promise<T> {
  const folder = join(commonDir, 'feuillet-locks');
  // Branch names hold slashes and are case-sensitive: the lock is named for a hash of the name.
  const file = join(folder, `branch-${createHash('sha1').update(branch).digest('hex').slice(0, 20)}`);
  return turns.run(file, () => locked(folder, file, branch, work));
}

async function locked<T>(folder: string, file: string, branch: string, work: () => Promise<T>): Promise<T> {
  await mkdir(folder, { recursive: true });
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 5,
    retries: RETRIES,
    // A lock taken from us (the machine was frozen past STALE_MS): the branch check against its old
    // value still refuses a move built on a stale head, so this is said and the work goes on.
    onCompromised: (error) => console.error(`Verrou de branche perdu / branch lock lost (${branch}): ${error.message}`),
  });
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
