/**
 * Private temporary files of git calls (objects written through `hash-object`, texts merged by
 * `merge-file`, `git am` scratch folders) are named for the process that made them, so that those a
 * killed process could not remove are found and removed by the next one to start.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

/**
 * The objects folder of a repository, from its git folder, a linked work tree's git folder (`commondir`)
 * or a work tree (`.git` a folder, or a file naming the git folder).
 */
function objectsFolderOf(dir: string): string | undefined {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const common = read(join(dir, 'commondir'));
  if (common !== undefined) return join(resolve(dir, common), 'objects');
  if (existsSync(join(dir, 'objects'))) return join(dir, 'objects');
  const dotGit = join(dir, '.git');
  const pointer = /^gitdir: (.+)$/.exec(read(dotGit) ?? '')?.[1];
  if (pointer !== undefined) return objectsFolderOf(resolve(dir, pointer));
  return existsSync(dotGit) ? objectsFolderOf(dotGit) : undefined;
}

/**
 * Removes the loose objects git was writing when the disk filled: git dies on the failed write and leaves
 * its `tmp_obj_*` file (`git gc` would take it only two weeks later). Any other writer of that moment is
 * failing too, for want of space; one that got space meanwhile fails its rename and says so, nothing is
 * half-written. Synchronous: it runs once, after the failure, before the person is answered.
 */
export function removeHalfWrittenObjects(dir: string): void {
  const objects = objectsFolderOf(dir);
  if (objects === undefined) return;
  try {
    for (const folder of readdirSync(objects).filter((name) => /^[0-9a-f]{2}$/.test(name))) {
      for (const name of readdirSync(join(objects, folder))) {
        if (name.startsWith('tmp_obj_')) rmSync(join(objects, folder, name), { force: true });
      }
    }
  } catch (error) {
    console.error(`Objets git inachevés non retirés / half-written git objects not removed: ${(error as Error).message}`);
  }
}
