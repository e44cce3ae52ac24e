/**
 * Private temporary files of git calls (objects written through `hash-object`, texts merged by
 * `merge-file`, `git am` scratch folders) are named for the process that made them, so that those a
 * killed process could not remove are found and removed by the next one to start.
 */
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KINDS = ['feuillet-object', 'feuillet-merge', 'feuillet-am'] as const;

/** `feuillet-object-<pid>-`: the start of a temporary name of this process. */
export function temporaryPrefix(kind: (typeof KINDS)[number]): string {
  return `${kind}-${process.pid}-`;
}

/** Whether a process with this id runs (this one included); a pid of another user's process counts. */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LEFTOVER = new RegExp(`^(?:${KINDS.join('|')})-(\\d+)-`);

/** Removes the temporary files and folders of processes that no longer run; answers how many. */
export async function removeLeftovers(): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpdir()).catch(() => [])) {
    const pid = LEFTOVER.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}
