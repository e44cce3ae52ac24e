import type { WikiPath } from './path.js';

/** Where Feuillet shows a wiki's past. Paths are file paths relative to the wiki root (`folder/page.md`). */

const encoded = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const paged = (page: number) => (page > 1 ? `?page=${page}` : '');

export function historyUrl(basePath: string, path: WikiPath, page = 1): string {
  return `${basePath}/-/history/${encoded(path)}${paged(page)}`;
}

export function historyFeedUrl(basePath: string, path: WikiPath): string {
  return `${basePath}/-/history/${encoded(path)}.atom`;
}

/** A page as it was at a commit. */
export function versionUrl(basePath: string, commit: string, path: WikiPath): string {
  return `${basePath}/-/at/${commit}/${encoded(path)}`;
}

/** What a commit changed in a page. */
export function diffUrl(basePath: string, commit: string, path: WikiPath): string {
  return `${basePath}/-/diff/${commit}/${encoded(path)}`;
}

export function commitUrl(basePath: string, commit: string): string {
  return `${basePath}/-/commit/${commit}`;
}

export function changesUrl(basePath: string, page = 1): string {
  return `${basePath}/-/changes${paged(page)}`;
}

export function recentChangesFeedUrl(basePath: string): string {
  return `${basePath}/-/changes.atom`;
}

export function searchUrl(basePath: string, query: string, folder = '', page = 1): string {
  const params = new URLSearchParams({ q: query });
  if (folder) params.set('dossier', folder);
  if (page > 1) params.set('page', String(page));
  return `${basePath}/-/search?${params.toString()}`;
}
