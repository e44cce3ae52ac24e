import { baseName, parentOf, parseWikiPath, withoutExtension, type WikiPath } from './path.js';

/** Folder pages, in order of preference. */
export const INDEX_NAMES = ['index.md', 'README.md', 'readme.md', 'Home.md'] as const;

export function isIndexName(name: string): boolean {
  return (INDEX_NAMES as readonly string[]).includes(name);
}

function encodeSegments(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The URL path of a folder: `/` or `/a/b/`. */
export function folderUrl(folder: WikiPath): string {
  return folder === '' ? '/' : `/${encodeSegments(folder)}/`;
}

/** The canonical URL path of a Markdown page: `/folder/` for a folder's index, `/folder/page` otherwise. */
export function pageUrl(page: WikiPath, isFolderIndex: boolean): string {
  if (isFolderIndex) return folderUrl(parentOf(page));
  const folder = parentOf(page);
  const name = withoutExtension(baseName(page));
  return `/${encodeSegments(folder === '' ? name : `${folder}/${name}`)}`;
}

/** The URL path of an attachment: the file's own path. */
export function fileUrl(path: WikiPath): string {
  return `/${encodeSegments(path)}`;
}

export type UrlPath =
  | { kind: 'folder'; path: WikiPath }
  | { kind: 'file'; path: WikiPath }
  | { kind: 'invalid' };

/**
 * Reads a request's URL path into a wiki path. Each segment is percent-decoded on its own, so an encoded
 * slash (`%2F`) or dot-dot (`%2e%2e`) can never change which folder is meant; both are refused.
 */
export function parseUrlPath(urlPath: string): UrlPath {
  if (!urlPath.startsWith('/')) return { kind: 'invalid' };
  const folder = urlPath.endsWith('/');
  const raw = urlPath.slice(1, folder ? -1 : undefined);
  const segments: string[] = [];
  if (raw !== '') {
    for (const segment of raw.split('/')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        return { kind: 'invalid' };
      }
      if (decoded.includes('/')) return { kind: 'invalid' };
      segments.push(decoded);
    }
  }
  const path = parseWikiPath(segments.join('/'));
  if (path === undefined) return { kind: 'invalid' };
  if (folder || path === '') return { kind: 'folder', path };
  return { kind: 'file', path };
}
