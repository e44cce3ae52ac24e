import { ancestorsOf, isMarkdown, parentOf, type WikiPath } from './path.js';
import { folderEntries, folderIndex, isFolderIndex, type Revision } from './revision.js';
import { folderUrl, pageUrl } from './urls.js';
import type { Wiki } from './wiki.js';

export interface NavLink {
  label: string;
  href: string;
  kind: 'page' | 'folder';
  current: boolean;
}

/** The folders above a page, from the home page down, each with its title. */
export async function breadcrumbs(wiki: Wiki, revision: Revision, path: WikiPath, isFolder: boolean): Promise<{ label: string; href: string }[]> {
  const folder = isFolder ? path : parentOf(path);
  const ancestors = isFolderIndex(revision, path) || isFolder ? ancestorsOf(folder) : [...ancestorsOf(folder), folder];
  const crumbs = [];
  for (const ancestor of ancestors) {
    const index = folderIndex(revision, ancestor);
    const label = index ? await wiki.titleOf(revision, index.path) : ancestor === '' ? wiki.options.siteTitle : ancestor.slice(ancestor.lastIndexOf('/') + 1);
    crumbs.push({ label, href: wiki.options.basePath + folderUrl(ancestor) });
  }
  return crumbs;
}

/** The pages and sub-folders of the folder a page is in, for the side navigation. */
export async function folderNavigation(wiki: Wiki, revision: Revision, path: WikiPath, isFolder: boolean): Promise<NavLink[]> {
  const folder = isFolder || isFolderIndex(revision, path) ? (isFolder ? path : parentOf(path)) : parentOf(path);
  const links: NavLink[] = [];
  for (const entry of folderEntries(revision, folder)) {
    if (entry.kind === 'file' || !wiki.isListed(entry.path)) continue;
    if (entry.kind === 'folder') {
      const index = folderIndex(revision, entry.path);
      const label = index ? await wiki.titleOf(revision, index.path) : entry.name;
      links.push({ label, href: wiki.options.basePath + folderUrl(entry.path), kind: 'folder', current: false });
    } else if (isMarkdown(entry.path)) {
      const index = isFolderIndex(revision, entry.path);
      links.push({
        label: await wiki.titleOf(revision, entry.path),
        href: wiki.options.basePath + pageUrl(entry.path, index),
        kind: 'page',
        current: entry.path === path,
      });
    }
  }
  return links;
}
