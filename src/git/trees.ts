/**
 * Trees read and written without a process per call: objects are read through the repository's
 * long-lived `git cat-file --batch`, new trees written through one long-lived `git mktree -z --batch` per
 * repository. A file's entry at a commit (`entryAt`) and a commit's tree with some files replaced or
 * removed (`editTree`) are what a web save needs; untouched entries are written back byte for byte
 * (names are kept as bytes, never decoded).
 */
import { gitErrors } from './errors.js';
import { GitLinePipe } from './line-pipe.js';
import type { GitRepository } from './repository.js';

/** A tree entry: `mode` as git writes it (`100644`, `100755`, `120000`, `40000`, `160000`). */
export interface TreeItem {
  readonly mode: string;
  readonly id: string;
}

/** Names are the entry's bytes as a latin1 string: a lossless stand-in for bytes that may not be UTF-8. */
type Entries = Map<string, TreeItem>;

export const TREE_MODE = '40000';

export function isTree(item: TreeItem): boolean {
  return item.mode === TREE_MODE;
}

/** A path as tree names: its UTF-8 bytes per part, as latin1 strings. */
function nameParts(path: string): string[] {
  return path.split('/').map((part) => Buffer.from(part, 'utf8').toString('latin1'));
}

/** The tree a commit points at; a missing object or one that is no commit is `not-found`. */
export async function treeOf(repo: GitRepository, commit: string): Promise<string> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw gitErrors.invalidRevision(commit);
  const text = (await repo.readBlob(commit)).subarray(0, 100).toString('latin1');
  const tree = /^tree ([0-9a-f]{40,64})\n/.exec(text)?.[1];
  if (tree === undefined) throw gitErrors.notFound(commit);
  return tree;
}

/** A tree's entries (cat-file --batch answers any object, a tree in git's binary form). */
export async function readTree(repo: GitRepository, id: string): Promise<Entries> {
  const data = await repo.readBlob(id);
  const idBytes = id.length / 2;
  const entries: Entries = new Map();
  for (let at = 0; at < data.length; ) {
    const space = data.indexOf(0x20, at);
    const nul = data.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > data.length) throw gitErrors.notFound(`tree ${id}`);
    entries.set(data.toString('latin1', space + 1, nul), { mode: data.toString('latin1', at, space), id: data.toString('hex', nul + 1, nul + 1 + idBytes) });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** The entry `path` (a repository path) names at `commit`, or undefined when there is none. */
export async function entryAt(repo: GitRepository, commit: string, path: string): Promise<TreeItem | undefined> {
  let item: TreeItem = { mode: TREE_MODE, id: await treeOf(repo, commit) };
  for (const name of nameParts(path)) {
    if (!isTree(item)) return undefined;
    const found = (await readTree(repo, item.id)).get(name);
    if (found === undefined) return undefined;
    item = found;
  }
  return item;
}

/** What to put at a path: a blob already written (its mode chosen from the old entry), or nothing. */
export type TreeChange = { readonly path: string; readonly blob: string } | { readonly path: string; readonly delete: true };

/** A change that cannot be made in this tree: a file where a folder is, or the reverse. */
export class TreeConflict extends Error {
  constructor(readonly path: string) {
    super(`file and folder at once: ${path}`);
    this.name = 'TreeConflict';
  }
}

const writers = new Map<string, GitLinePipe>();

function writerOf(repo: GitRepository): GitLinePipe {
  let writer = writers.get(repo.gitDir);
  if (!writer) {
    writer = new GitLinePipe(['mktree', '-z', '--batch'], repo.gitDir);
    writers.set(repo.gitDir, writer);
  }
  return writer;
}

/**
 * The tree `base` becomes with `changes` made (paths checked by the caller), written to the repository.
 * Removals come first, so a file may give way to a folder of the same name in one change; a folder left
 * empty disappears, as in git.
 */
export async function editTree(repo: GitRepository, base: string, changes: readonly TreeChange[]): Promise<string> {
  const steps = changes.map((change) => ({ parts: nameParts(change.path), change }));
  return (await rewrite(repo, base, steps, '')) ?? (await writeTree(repo, new Map()));
}

interface Step {
  readonly parts: readonly string[];
  readonly change: TreeChange;
}

async function rewrite(repo: GitRepository, tree: string | undefined, steps: readonly Step[], folder: string): Promise<string | undefined> {
  const entries: Entries = tree === undefined ? new Map() : await readTree(repo, tree);
  const byName = new Map<string, Step[]>();
  for (const step of steps) {
    const name = step.parts[0] ?? '';
    byName.set(name, [...(byName.get(name) ?? []), step]);
  }
  for (const [name, group] of byName) {
    const here = group.filter((step) => step.parts.length === 1);
    const below = group.filter((step) => step.parts.length > 1).map((step) => ({ ...step, parts: step.parts.slice(1) }));
    const old = entries.get(name);
    if (old && !isTree(old) && here.some((step) => 'delete' in step.change)) entries.delete(name);
    const existing = entries.get(name);
    const path = folder + Buffer.from(name, 'latin1').toString('utf8');
    for (const { change } of here) {
      if ('delete' in change) continue;
      if (below.length > 0 || (existing && isTree(existing))) throw new TreeConflict(path);
      // An executable file stays executable; a symbolic link or submodule becomes an ordinary file.
      entries.set(name, { mode: existing?.mode === '100755' ? '100755' : '100644', id: change.blob });
    }
    if (below.length > 0) {
      if (existing && !isTree(existing)) throw new TreeConflict(path);
      const written = await rewrite(repo, existing?.id, below, `${path}/`);
      if (written === undefined) entries.delete(name);
      else entries.set(name, { mode: TREE_MODE, id: written });
    }
  }
  return entries.size === 0 ? undefined : writeTree(repo, entries);
}

function typeOf(mode: string): string {
  return mode === TREE_MODE ? 'tree' : mode === '160000' ? 'commit' : 'blob';
}

/** One tree through mktree: entries NUL-terminated, an empty record ends the tree (git sorts the entries). */
async function writeTree(repo: GitRepository, entries: Entries): Promise<string> {
  const records = [...entries].map(([name, item]) => Buffer.concat([Buffer.from(`${item.mode} ${typeOf(item.mode)} ${item.id}\t`, 'latin1'), Buffer.from(name, 'latin1'), Buffer.from([0])]));
  const [id = ''] = await writerOf(repo).request(Buffer.concat([...records, Buffer.from([0])]));
  if (!/^[0-9a-f]{40,64}$/.test(id)) throw new Error(`git mktree answered ${JSON.stringify(id)}`);
  return id;
}
