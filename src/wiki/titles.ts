import { baseName, parentOf, withoutExtension, type WikiPath } from './path.js';
import { isIndexName } from './urls.js';

/**
 * A title made from a file or folder name, for pages whose front matter gives none: dashes and underscores
 * become spaces (except in a date or number, `2025-01-réunion` → `2025-01 réunion`) and the first letter a
 * capital, so that `en-tête-cassé` reads `En tête cassé`. The name is kept whole otherwise (man.sr.ht cut
 * characters off, turning `command.md` into `comman`).
 */
export function titleFromName(name: string): string {
  const words = name
    .replace(/(?<!\d)[-_]+|[-_]+(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words === '' ? name : words.charAt(0).toUpperCase() + words.slice(1);
}

/** A page's title when its front matter gives none: its file name, or its folder's for a folder's index page. */
export function defaultTitle(path: WikiPath, siteTitle: string): string {
  const name = baseName(path);
  if (isIndexName(name)) return folderTitle(parentOf(path), siteTitle);
  return titleFromName(withoutExtension(name));
}

/** A folder's title when it has no index page to give one: the wiki's title for the root. */
export function folderTitle(folder: WikiPath, siteTitle: string): string {
  return folder === '' ? siteTitle : titleFromName(baseName(folder));
}
