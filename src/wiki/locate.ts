import { distance } from 'fastest-levenshtein';
import { isMarkdown, parentOf, type WikiPath } from './path.js';
import { folderIndex, isFolderIndex, type Revision, type WikiFile } from './revision.js';
import { folderUrl, pageUrl, parseUrlPath } from './urls.js';

/** What a URL path names in a revision. */
export type Location =
  | { kind: 'page'; file: WikiFile }
  | { kind: 'folder-listing'; folder: WikiPath }
  | { kind: 'file'; file: WikiFile }
  | { kind: 'redirect'; to: string }
  | { kind: 'not-found'; suggestions: WikiPath[] };

/**
 * Maps a request path to a page, a generated folder listing, an attachment, a redirect to the canonical URL
 * (`/a/b.md` → `/a/b`, `/a/index.md` → `/a/`, `/folder` → `/folder/`), or nothing. Names are compared
 * after NFC normalisation, so NFC and NFD requests find the same file.
 */
export function locate(revision: Revision, urlPath: string): Location {
  const parsed = parseUrlPath(urlPath);
  if (parsed.kind === 'invalid') return { kind: 'not-found', suggestions: [] };
  const path = parsed.path;
  if (parsed.kind === 'folder') {
    if (!revision.folders.has(path)) {
      const file = revision.files.get(path) ?? revision.files.get(`${path}.md` as WikiPath);
      if (file) return { kind: 'redirect', to: canonicalUrl(revision, file) };
      return { kind: 'not-found', suggestions: suggest(revision, path) };
    }
    const index = folderIndex(revision, path);
    return index ? { kind: 'page', file: index } : { kind: 'folder-listing', folder: path };
  }
  const exact = revision.files.get(path);
  if (exact && isMarkdown(path)) return { kind: 'redirect', to: canonicalUrl(revision, exact) };
  const page = revision.files.get(`${path}.md` as WikiPath);
  if (page) {
    return isFolderIndex(revision, page.path) ? { kind: 'redirect', to: folderUrl(parentOf(page.path)) } : { kind: 'page', file: page };
  }
  if (exact) return { kind: 'file', file: exact };
  if (revision.folders.has(path)) return { kind: 'redirect', to: folderUrl(path) };
  return { kind: 'not-found', suggestions: suggest(revision, path) };
}

export function canonicalUrl(revision: Revision, file: WikiFile): string {
  return isMarkdown(file.path) ? pageUrl(file.path, isFolderIndex(revision, file.path)) : `/${file.path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The pages whose paths are closest to what was asked, for the 404 page. */
export function suggest(revision: Revision, wanted: string, count = 5): WikiPath[] {
  const target = wanted.toLowerCase().replace(/\.md$/, '');
  const lastSegment = target.slice(target.lastIndexOf('/') + 1);
  return [...revision.files.keys()]
    .filter((p) => isMarkdown(p))
    .map((p) => {
      const bare = p.toLowerCase().replace(/\.md$/, '');
      const name = bare.slice(bare.lastIndexOf('/') + 1);
      return { p, score: Math.min(distance(bare, target), distance(name, lastSegment) + 1) };
    })
    .filter((s) => s.score <= Math.max(3, Math.floor(target.length / 3)))
    .sort((a, b) => a.score - b.score || a.p.localeCompare(b.p))
    .slice(0, count)
    .map((s) => s.p);
}
