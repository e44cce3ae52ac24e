import { baseName, parentOf, withoutExtension, type WikiPath } from './path.js';
import { isIndexName } from './urls.js';

/**
 * A page's title when its front matter gives none: the file name without `.md` (man.sr.ht cut characters
 * off, turning `command.md` into `comman`), or the folder's name for a folder's index page.
 */
export function defaultTitle(path: WikiPath, siteTitle: string): string {
  const name = baseName(path);
  if (isIndexName(name)) {
    const folder = parentOf(path);
    return folder === '' ? siteTitle : baseName(folder);
  }
  return withoutExtension(name);
}

export function folderTitle(folder: WikiPath, siteTitle: string): string {
  return folder === '' ? siteTitle : baseName(folder);
}
