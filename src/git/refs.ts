import { readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** What `stat` says of a ref file, enough to see it was rewritten; undefined when it does not exist. */
type Stamp = Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'> | undefined;

function sameStamp(a: Stamp, b: Stamp): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

interface Remembered<T> {
  stamp: Stamp;
  value: T | undefined;
}

/** Ref files remembered at most; past it the memory starts again (callers ask a handful of refs). */
const MAX_FILES = 1_000;

/**
 * Resolves a branch to its commit id by reading the ref files, as git itself does.
 * The server asks "which commit is the branch at?" on every request so that a new commit shows on the next
 * one; a `git rev-parse` process per request would cost milliseconds, and even reading the files (an
 * ENOENT for the loose ref, then `packed-refs`, once refs are packed) is most of a cached page's cost.
 * So each file is read once and then only `stat`ed: git rewrites a ref file by renaming a lock file over
 * it, which gives it a new inode, and anything else that rewrites it changes its size or times. This is
 * how git validates its own cache of `packed-refs`.
 */
export class RefFiles {
  private readonly files = new Map<string, Remembered<unknown>>();

  constructor(
    private readonly commonDir: string,
    private readonly gitDir: string,
  ) {}

  /** The commit id `ref` points at, or undefined when it is not a plain loose or packed ref (ask git then). */
  read(ref: string): string | undefined {
    let name = ref;
    for (let depth = 0; depth < 5; depth++) {
      const direct = this.file(join(name === 'HEAD' ? this.gitDir : this.commonDir, name), (text) => text.trim());
      if (direct === undefined) return this.file(join(this.commonDir, 'packed-refs'), parsePackedRefs)?.get(name);
      if (/^[0-9a-f]{40,64}$/.test(direct)) return direct;
      const symbolic = /^ref: (\S+)$/.exec(direct);
      if (!symbolic?.[1]) return undefined;
      name = symbolic[1];
    }
    return undefined;
  }

  /** The parsed content of a file, read again only when its stamp changed; undefined when it is absent. */
  private file<T>(path: string, parse: (text: string) => T): T | undefined {
    // Stat before reading: a file replaced in between is remembered with its old stamp, so read again next time.
    const stamp = stampOf(path);
    const remembered = this.files.get(path) as Remembered<T> | undefined;
    if (remembered && sameStamp(remembered.stamp, stamp)) return remembered.value;
    let value: T | undefined;
    if (stamp !== undefined) {
      try {
        value = parse(readFileSync(path, 'utf8'));
      } catch {
        value = undefined; // removed since the stat, or a folder (`refs/heads/a` when asked for `a/b`'s parent)
      }
    }
    if (this.files.size >= MAX_FILES) this.files.clear();
    this.files.set(path, { stamp, value });
    return value;
  }
}

function stampOf(path: string): Stamp {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats && { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
  } catch {
    return undefined; // ENOTDIR (a ref name below a file) and the like: no such ref file
  }
}

function parsePackedRefs(text: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && !line.startsWith('#') && !line.startsWith('^')) refs.set(line.slice(space + 1), line.slice(0, space));
  }
  return refs;
}
