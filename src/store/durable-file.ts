/**
 * Files that survive a crash once written: data goes to a temporary file, which is fsync'd, renamed
 * into place, and the folder fsync'd so that the rename itself is on disk.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a folder's entries (a rename into it) to disk. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes through `write` into `temporaryPath` (created, never overwritten), then moves it to `finalPath`
 * durably. The temporary file is removed when anything fails.
 */
export async function writeDurably(temporaryPath: string, finalPath: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const handle = await open(temporaryPath, 'wx', 0o600);
  try {
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, finalPath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  await syncDirectory(dirname(finalPath));
  if (dirname(temporaryPath) !== dirname(finalPath)) await syncDirectory(dirname(temporaryPath));
}

let counter = 0;

/** A file name unique across processes and hosts, starting with the time so that names sort by arrival (Maildir's rule). */
export function uniqueFileName(): string {
  const now = Date.now();
  const host = hostname().replace(/[/:\\]/g, '_') || 'feuillet';
  return `${Math.floor(now / 1000)}.M${(now % 1000) * 1000}P${process.pid}Q${counter++}R${randomBytes(6).toString('hex')}.${host}`;
}
