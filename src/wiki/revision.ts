import { baseName, isMarkdown, parentOf, parseWikiPath, type WikiPath } from './path.js';
import { INDEX_NAMES } from './urls.js';

export interface WikiFile {
  path: WikiPath;
  /** The path as the source stores it (git may hold NFD names), relative to the wiki root. */
  sourcePath: string;
  /** Content id: the git blob id, or a stamp for files read from a work tree. */
  id: string;
  size: number;
}

/** What a wiki holds at one revision: its files and folders, by normalised path. */
export interface Revision {
  /** Commit id, or a stamp of the work tree. */
  id: string;
  files: ReadonlyMap<WikiPath, WikiFile>;
  folders: ReadonlySet<WikiPath>;
  /** Lower-cased path → paths, to suggest and to resolve case-insensitively where a wiki format wants it. */
  byLowerCase: ReadonlyMap<string, WikiPath[]>;
}

export interface SourceEntry {
  path: string;
  id: string;
  size: number;
}

/** Hidden files (`.feuillet.yml`, `.gitignore`, `.build.yml`) configure the wiki; they are not its content. */
function isHidden(path: string): boolean {
  return path.startsWith('.') || path.includes('/.');
}

export function buildRevision(id: string, entries: Iterable<SourceEntry>): Revision {
  const files = new Map<WikiPath, WikiFile>();
  const folders = new Set<WikiPath>(['' as WikiPath]);
  const byLowerCase = new Map<string, WikiPath[]>();
  for (const entry of entries) {
    if (isHidden(entry.path)) continue;
    const path = parseWikiPath(entry.path);
    if (path === undefined) continue;
    files.set(path, { path, sourcePath: entry.path, id: entry.id, size: entry.size });
    // Folders from the nearest up, stopping at one already known (its own are too): a listing of
    // 10,000 files in a few hundred folders adds each folder once instead of once per file.
    for (let folder = parentOf(path); !folders.has(folder); folder = parentOf(folder)) folders.add(folder);
    const lower = path.toLowerCase();
    const same = byLowerCase.get(lower);
    if (same) same.push(path);
    else byLowerCase.set(lower, [path]);
  }
  return { id, files, folders, byLowerCase };
}

/** The page that stands for a folder (`index.md`, else `README.md`…), if any. */
export function folderIndex(revision: Revision, folder: WikiPath): WikiFile | undefined {
  for (const name of INDEX_NAMES) {
    const file = revision.files.get((folder === '' ? name : `${folder}/${name}`) as WikiPath);
    if (file) return file;
  }
  return undefined;
}

export function isFolderIndex(revision: Revision, path: WikiPath): boolean {
  return folderIndex(revision, parentOf(path))?.path === path;
}

export interface FolderEntry {
  kind: 'page' | 'folder' | 'file';
  path: WikiPath;
  name: string;
}

/** The direct children of a folder: sub-folders, pages and other files, each sorted by name. */
const ORDER = { folder: 0, page: 1, file: 2 };
const COLLATOR = new Intl.Collator('fr');
// Every page's navigation lists its folder: the children of all folders are grouped once per revision.
const childrenByRevision = new WeakMap<Revision, Map<WikiPath, FolderEntry[]>>();

function childrenOf(revision: Revision): Map<WikiPath, FolderEntry[]> {
  let children = childrenByRevision.get(revision);
  if (children) return children;
  children = new Map();
  const add = (folder: WikiPath, entry: FolderEntry) => {
    const list = children?.get(folder);
    if (list) list.push(entry);
    else children?.set(folder, [entry]);
  };
  for (const sub of revision.folders) if (sub !== '') add(parentOf(sub), { kind: 'folder', path: sub, name: baseName(sub) });
  for (const file of revision.files.values()) {
    add(parentOf(file.path), { kind: isMarkdown(file.path) ? 'page' : 'file', path: file.path, name: baseName(file.path) });
  }
  for (const list of children.values()) list.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || COLLATOR.compare(a.name, b.name));
  childrenByRevision.set(revision, children);
  return children;
}

export function folderEntries(revision: Revision, folder: WikiPath): FolderEntry[] {
  return [...(childrenOf(revision).get(folder) ?? [])];
}
