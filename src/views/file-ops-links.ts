/**
 * The addresses of the writer's file operations (create, rename, delete, upload, restore), made in one
 * place so that the views linking to them and the routes answering them agree.
 */
import { baseName, parentOf, type WikiPath } from '../wiki/path.js';
import { titleFromName } from '../wiki/titles.js';

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export const FILE_OPS = {
  create: '/-/new',
  upload: '/-/upload',
  rename: '/-/rename/',
  remove: '/-/delete/',
  restore: '/-/restore/',
} as const;

/** The create form, filled in: folder, title, and the file name when a link already chose one. */
export function newPageHref(basePath: string, fill: { folder?: string; title?: string; name?: string } = {}): string {
  const query = new URLSearchParams();
  if (fill.folder) query.set('folder', fill.folder);
  if (fill.title) query.set('title', fill.title);
  if (fill.name) query.set('name', fill.name);
  const text = query.toString();
  return `${basePath}${FILE_OPS.create}${text ? `?${text}` : ''}`;
}

/** The create form for the page a link to nothing asks for: its folder, its file name, a title from it. */
export function missingPageHref(basePath: string, wanted: WikiPath): string {
  const name = baseName(wanted);
  // The title the page would get from its name anyway (wiki/titles.ts), offered for its front matter.
  const title = titleFromName(name.replace(/\.(md|markdown)$/i, ''));
  return newPageHref(basePath, { folder: parentOf(wanted), title, name });
}

export function uploadHref(basePath: string, folder?: string): string {
  return `${basePath}${FILE_OPS.upload}${folder ? `?${new URLSearchParams({ folder }).toString()}` : ''}`;
}

export function renameHref(basePath: string, path: WikiPath): string {
  return `${basePath}${FILE_OPS.rename}${encodePath(path)}`;
}

export function deleteHref(basePath: string, path: WikiPath): string {
  return `${basePath}${FILE_OPS.remove}${encodePath(path)}`;
}

export function restoreHref(basePath: string, commit: string, path: WikiPath): string {
  return `${basePath}${FILE_OPS.restore}${encodeURIComponent(commit)}/${encodePath(path)}`;
}
