import { renderDocument } from '../views/layout.js';
import type { Lang } from '../views/messages.js';
import { ErrorView } from '../views/not-found.js';
import type { Publication } from '../pages/documents.js';

/** What a page whose rendering failed (a bug, not the page's fault) shows, so that the rest of the site builds. */
export function failedDocument(pub: Publication, lang: Lang): string {
  return renderDocument(<ErrorView site={{ ...pub.site, lang }} />);
}
