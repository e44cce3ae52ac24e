/** The editor's addresses, made in one place so that the page's button and the routes agree. */
import type { WikiPath } from '../wiki/path.js';
import { fileUrl } from '../wiki/urls.js';

export const EDIT_PREFIX = '/-/edit';
export const PREVIEW_PATH = '/-/preview';

/** The editor of a page (`/-/edit/docs/guide.md`); `revise` opens a new version of one's proposal. */
export function editHref(basePath: string, path: WikiPath, revise?: number): string {
  return `${basePath}${EDIT_PREFIX}${fileUrl(path)}${revise !== undefined ? `?revise=${revise}` : ''}`;
}
