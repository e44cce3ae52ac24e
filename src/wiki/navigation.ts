import { ancestorsOf, isMarkdown, parentOf, type WikiPath } from './path.js';
import { folderEntries, folderIndex, isFolderIndex, type Revision } from './revision.js';
import { folderTitle } from './titles.js';
import { folderUrl, pageUrl } from './urls.js';
import type { Wiki } from './wiki.js';

export interface NavLink {
  label: string;
  href: string;
  kind: 'page' | 'folder';
  current: boolean;
}

/** A folder's title: its index page's, or one made from its name when it has none (`en-tête` → `En tête`). */
export async function folderLabel(wiki: Wiki, revision: Revision, folder: WikiPath): Promise<string> {
  const index = folderIndex(revision, folder);
  return index ? wiki.titleOf(revision, index.path) : folderTitle(folder, wiki.options.siteTitle);
}

/** The folders above a page, from the home page down, each with its title. */
export async function breadcrumbs(wiki: Wiki, revision: Revision, path: WikiPath, isFolder: boolean): Promise<{ label: string; href: string }[]> {
  const folder = isFolder ? path : parentOf(path);
  const ancestors = isFolderIndex(revision, path) || isFolder ? ancestorsOf(folder) : [...ancestorsOf(folder), folder];
  const crumbs = [];
  for (const ancestor of ancestors) {
    crumbs.push({ label: await folderLabel(wiki, revision, ancestor), href: wiki.options.basePath + folderUrl(ancestor) });
  }
  return crumbs;
}

/**
 * The pages and sub-folders of the folder a page is in, for the side navigation: the folder's own page
 * first (the home page at the root), then its sub-folders and its other pages in name order.
 */
export async function folderNavigation(wiki: Wiki, revision: Revision, path: WikiPath, isFolder: boolean): Promise<NavLink[]> {
  const folder = isFolder || isFolderIndex(revision, path) ? (isFolder ? path : parentOf(path)) : parentOf(path);
  const links: NavLink[] = [];
  const index = folderIndex(revision, folder);
  if (index && wiki.isListed(index.path)) {
    links.push({ label: await wiki.titleOf(revision, index.path), href: wiki.options.basePath + pageUrl(index.path, true), kind: 'page', current: index.path === path });
  }
  for (const entry of folderEntries(revision, folder)) {
    if (entry.kind === 'file' || entry.path === index?.path || !wiki.isListed(entry.path)) continue;
    if (entry.kind === 'folder') {
      links.push({ label: await folderLabel(wiki, revision, entry.path), href: wiki.options.basePath + folderUrl(entry.path), kind: 'folder', current: false });
    } else if (isMarkdown(entry.path)) {
      links.push({ label: await wiki.titleOf(revision, entry.path), href: wiki.options.basePath + pageUrl(entry.path, false), kind: 'page', current: entry.path === path });
    }
  }
  return links;
}
