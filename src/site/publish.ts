import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MANIFEST_NAME } from './manifest.js';

/**
 * How a build reaches the output folder, so that it is always a complete site, the old one or the new one.
 *
 * Everything is first written into a staging folder beside the output (same file system, so renames work).
 * An interrupted build leaves only that folder, which the next build removes. Then one of two commits:
 * - swap: the staging folder is a whole site (unchanged files hard-linked from the old one); the old folder is
 *   renamed aside, the new one renamed in, the old one removed. Used for first and large builds.
 * - in place: for a few changed files, removed files are deleted, then new ones renamed over the old ones
 *   one by one, the manifest last. Rewriting 20,000 hard links to change one page would cost more than the page.
 * Before either, a journal beside the output says what is about to happen; a build that finds a journal
 * finishes that commit first (every step can be redone), so even a kill -9 in the middle of a commit ends
 * in the new site at the next run.
 */

interface Journal {
  kind: 'swap' | 'in-place';
  staging: string;
  /** For swap: where the old site is moved before the new one takes its name. */
  old?: string;
  /** For in-place: files to move from staging into the site, then files to delete from it. */
  writes?: string[];
  deletes?: string[];
}

function siblingName(outDir: string, what: string): string {
  return join(dirname(resolve(outDir)), `.${basename(resolve(outDir))}.feuillet-${what}`);
}

function journalPath(outDir: string): string {
  return siblingName(outDir, 'journal.json');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Finishes a commit a killed build left half done, and removes staging folders of builds that died. */
export function recover(outDir: string): void {
  const journalFile = journalPath(outDir);
  if (existsSync(journalFile)) {
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
    applyJournal(outDir, journal);
    rmSync(journalFile, { force: true });
  }
  const parent = dirname(resolve(outDir));
  const prefix = `.${basename(resolve(outDir))}.feuillet-`;
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const match = name.startsWith(prefix) ? /^(?:staging|old)-(\d+)-/.exec(name.slice(prefix.length)) : null;
    if (match && !processAlive(Number(match[1]))) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** A new, empty staging folder beside the output folder. */
export function makeStaging(outDir: string): string {
  const staging = siblingName(outDir, `staging-${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(staging, { recursive: true });
  return staging;
}

/** Hard-links a file (a copy where the file system refuses links). */
export function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      unlinkSync(to);
      linkOrCopy(from, to);
    } else copyFileSync(from, to);
  }
}

function writeJournal(outDir: string, journal: Journal): void {
  const file = journalPath(outDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(journal));
  renameSync(`${file}.tmp`, file);
}

function applyJournal(outDir: string, journal: Journal): void {
  if (journal.kind === 'swap') {
    if (existsSync(journal.staging)) {
      if (existsSync(outDir) && journal.old && !existsSync(journal.old)) renameSync(outDir, journal.old);
      renameSync(journal.staging, outDir);
    }
    if (journal.old) rmSync(journal.old, { recursive: true, force: true });
    return;
  }
  // Removed files go first: a path that was a file may now be a folder (`a/b` → `a/b/index.html`), or the reverse.
  for (const path of journal.deletes ?? []) removeWithEmptyParents(outDir, path);
  for (const path of journal.writes ?? []) {
    const from = join(journal.staging, path);
    if (!existsSync(from)) continue;
    const to = join(outDir, path);
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
  rmSync(journal.staging, { recursive: true, force: true });
}

function removeWithEmptyParents(outDir: string, path: string): void {
  rmSync(join(outDir, path), { force: true });
  let folder = dirname(path);
  while (folder !== '.' && folder !== '') {
    try {
      rmdirSync(join(outDir, folder));
    } catch {
      return; // not empty (or gone): its parents are not empty either
    }
    folder = dirname(folder);
  }
}

/** Puts a complete staged site in place of the output folder. */
export function commitSwap(outDir: string, staging: string): void {
  const journal: Journal = { kind: 'swap', staging, old: siblingName(outDir, `old-${process.pid}-${Date.now().toString(36)}`) };
  writeJournal(outDir, journal);
  applyJournal(outDir, journal);
  rmSync(journalPath(outDir), { force: true });
}

/** Deletes `deletes`, moves the staged files into the output folder, and the manifest last. */
export function commitInPlace(outDir: string, staging: string, writes: string[], deletes: string[]): void {
  const ordered = [...writes.filter((w) => w !== MANIFEST_NAME), MANIFEST_NAME];
  const journal: Journal = { kind: 'in-place', staging, writes: ordered, deletes };
  writeJournal(outDir, journal);
  applyJournal(outDir, journal);
  rmSync(journalPath(outDir), { force: true });
}
