import { isCalendar, isDataTable } from '../wiki/data-files.js';
import { isMarkdown, type WikiPath } from '../wiki/path.js';
import { folderIndex, isFolderIndex, type Revision, type WikiFile } from '../wiki/revision.js';
import { fileUrl, folderUrl, pageUrl } from '../wiki/urls.js';

/**
 * One file of the static site. `disk` is where it goes below the output folder: the URL path decoded
 * (NFC names, as wiki paths are), with `/index.html` after the URL of an HTML document.
 */
export type Output =
  | { kind: 'page'; disk: string; url: string; file: WikiFile }
  | { kind: 'folder'; disk: string; url: string; folder: WikiPath }
  | { kind: 'attachment'; disk: string; url: string; file: WikiFile }
  | { kind: 'source'; disk: string; file: WikiFile }
  | { kind: 'raw'; disk: string; file: WikiFile }
  | { kind: 'redirect'; disk: string; from: string; to: string };

/** Two outputs that would land on the same file (e.g. `a/b.md` and `a/b/index.md` both want `a/b/index.html`). */
export interface Collision {
  disk: string;
  kept: string;
  dropped: string;
}

export interface SitePlan {
  outputs: Output[];
  collisions: Collision[];
}

function decodedPath(urlPath: string): string {
  return urlPath
    .slice(1)
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/');
}

/**
 * Where the HTML of a URL goes: `…/index.html` below the URL, so that any static server answers `/a/b/`
 * (and `/a/b`, after redirecting to the slash, or directly with nginx's `try_files $uri $uri/index.html`).
 */
export function htmlDiskPath(urlPath: string): string {
  const decoded = decodedPath(urlPath);
  return decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : `${decoded}/index.html`;
}

/** Feuillet's own files below `-/` in the output; wiki paths never start with `-/` in practice, and a clash is reported. */
export const SOURCE_PREFIX = '-/source/';

export const RAW_PREFIX = '-/raw/';

function urlOf(output: Output): string {
  if (output.kind === 'source' || output.kind === 'raw') return `/${output.disk}`;
  return output.kind === 'redirect' ? output.from : output.url;
}

/**
 * Every file the site is made of, as the live server maps URLs (`locate`): pages at their canonical URL,
 * listings of folders without an index page, attachments at their own path, raw sources under `/-/source/`,
 * and a redirect page for each `.md` URL. Earlier outputs win a clash: pages, listings, attachments, then the rest.
 */
export function planSite(revision: Revision): SitePlan {
  const pages: Output[] = [];
  const listings: Output[] = [];
  const attachments: Output[] = [];
  const rest: Output[] = [];
  for (const file of revision.files.values()) {
    if (isMarkdown(file.path)) {
      const url = pageUrl(file.path, isFolderIndex(revision, file.path));
      pages.push({ kind: 'page', disk: htmlDiskPath(url), url, file });
      const mdUrl = fileUrl(file.path);
      // `/a/b.md` becomes the folder `a/b.md/`: a plain static server redirects there and shows the redirect page.
      rest.push({ kind: 'redirect', disk: htmlDiskPath(mdUrl), from: mdUrl, to: url });
    } else {
      const url = fileUrl(file.path);
      attachments.push({ kind: 'attachment', disk: file.path, url, file });
      // Calendars and tables offer their download at `/-/raw/…` (their own URL shows them as a page on the server).
      if (isCalendar(file.path) || isDataTable(file.path)) rest.push({ kind: 'raw', disk: `${RAW_PREFIX}${file.path}`, file });
    }
    rest.push({ kind: 'source', disk: `${SOURCE_PREFIX}${file.path}`, file });
  }
  for (const folder of revision.folders) {
    if (!folderIndex(revision, folder)) {
      const url = folderUrl(folder);
      listings.push({ kind: 'folder', disk: htmlDiskPath(url), url, folder });
    }
  }
  const byPath = (a: Output, b: Output) => (a.disk < b.disk ? -1 : a.disk > b.disk ? 1 : 0);
  const ordered = [...pages.sort(byPath), ...listings.sort(byPath), ...attachments.sort(byPath), ...rest.sort(byPath)];
  return keepFirst(ordered);
}

/** Drops outputs whose file is taken, or whose path needs a folder where a file is (or the reverse). */
function keepFirst(ordered: Output[]): SitePlan {
  const files = new Map<string, Output>();
  const folders = new Map<string, Output>();
  const outputs: Output[] = [];
  const collisions: Collision[] = [];
  for (const output of ordered) {
    const parents = ancestorFolders(output.disk);
    const clash = files.get(output.disk) ?? folders.get(output.disk) ?? parents.map((p) => files.get(p)).find((o) => o !== undefined);
    if (clash) {
      collisions.push({ disk: output.disk, kept: urlOf(clash), dropped: urlOf(output) });
      continue;
    }
    files.set(output.disk, output);
    for (const parent of parents) if (!folders.has(parent)) folders.set(parent, output);
    outputs.push(output);
  }
  return { outputs, collisions };
}

function ancestorFolders(disk: string): string[] {
  const parts = disk.split('/');
  const result: string[] = [];
  for (let i = 1; i < parts.length; i++) result.push(parts.slice(0, i).join('/'));
  return result;
}

