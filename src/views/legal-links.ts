import type { LegalPageKind } from '../config/wiki-settings.js';
import type { SiteView } from './model.js';

/** Where a footer's legal link goes: the wiki page the settings name for it, else Feuillet's own page. */
export function legalHref(site: SiteView, kind: LegalPageKind): string {
  return site.legalPages?.[kind] ?? `${site.basePath}/-/${kind}`;
}
