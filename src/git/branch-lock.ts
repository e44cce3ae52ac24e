/**
 * A branch's turn across processes: `feuillet serve` and a `feuillet apply` run in a terminal (or two
 * servers on one data folder) move the same branch. Within a process moves already take turns (see
 * advance-branch.ts); this lock, a folder beside the repository's refs made by proper-lockfile, makes the
 * other processes wait too, so that a series applied in a terminal lands instead of losing every race to
 * the server's quick saves. A holder killed with SIGKILL leaves its lock, taken as abandoned once it has
 * not been refreshed for STALE_MS.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

const STALE_MS = 5_000;
/** Waiting for another process's turn: up to about a minute, polling every 5 to 100 ms. */
const RETRIES = { retries: 650, minTimeout: 5, maxTimeout: 100, factor: 1.3 };

export async function withBranchLock<T>(commonDir: string, branch: string, work: () => Promise<T>): Promise<T> {
  const folder = join(commonDir, 'feuillet-locks');
  await mkdir(folder, { recursive: true });
  // Branch names hold slashes and are case-sensitive: the lock is named for a hash of the name.
  const file = join(folder, `branch-${createHash('sha1').update(branch).digest('hex').slice(0, 20)}`);
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
