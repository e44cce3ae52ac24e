import { dsfrMissingLog, findDsfr, themeView } from '../views/themes/dsfr-package.js';
import type { WikiSettings } from '../config/wiki-settings.js';
import { baseName, parseWikiPath } from '../wiki/path.js';
import { pageUrl } from '../wiki/urls.js';
import type { OpenedWiki } from '../wiki/open.js';
import type { Publication } from './documents.js';

export interface PublicationOptions {
  basePath: string;
  assetsVersion: string;
  cloneUrl?: string;
  liveReload?: boolean;
  notice?: string;
}

/**
 * What every page of this wiki shows around its content, from the wiki's settings and how it is served.
 * The settings part follows the wiki's newest revision (a commit to `.feuillet.yml`), worked out again only
 * when the settings change.
 */
export function publicationOf(opened: Pick<OpenedWiki, 'wiki' | 'settings'>, options: PublicationOptions): Publication {
  let made: { settings: WikiSettings; site: Publication['site'] } | undefined;
  const siteOf = (settings: WikiSettings) => {
    if (made?.settings !== settings) made = { settings, site: siteView(settings, options) };
    return made.site;
  };
  return {
    wiki: opened.wiki,
    get site() {
      return siteOf(opened.settings);
    },
    get contact() {
      return opened.settings.legal.contact;
    },
    get legal() {
      return opened.settings.legal;
    },
  };
}

function siteView(settings: WikiSettings, options: PublicationOptions): Publication['site'] {
  const site: Publication['site'] = {
    title: settings.title,
    accessibility: settings.accessibility,
    basePath: options.basePath,
    assetsVersion: options.assetsVersion,
  };
  if (settings.licence) site.licence = settings.licence;
  const legalPages = Object.entries(settings.legal.pages).flatMap(([kind, path]) => {
    const page = parseWikiPath(path);
    return page === undefined ? [] : [[kind, options.basePath + pageUrl(page, baseName(page) === 'index.md')] as const];
  });
  if (legalPages.length > 0) site.legalPages = Object.fromEntries(legalPages);
  if (options.cloneUrl) site.cloneUrl = options.cloneUrl;
  if (options.liveReload) site.liveReload = true;
  if (options.notice) site.notice = options.notice;
  const theme = themeView(settings.theme, settings.theme === 'dsfr' ? findDsfr() : undefined);
  if (theme.name === 'dsfr' || theme.dsfrMissing) site.theme = theme;
  if (theme.name === 'default' && theme.dsfrMissing) warnOnce(dsfrMissingLog());
  return site;
}

const warned = new Set<string>();

/** Tells the operator at start, once per process (a watching build opens the wiki again on every commit). */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}
