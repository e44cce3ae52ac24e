import { LEGAL_PAGE_KINDS } from '../config/wiki-settings.js';
import type { WikiPath } from '../wiki/path.js';
import { calendarFeed, upcomingEvents } from '../render/calendar-feed.js';
import { dsfrSiteFiles } from '../views/themes/dsfr-package.js';
import { agendaDocument, legalDocument, notFoundDocument } from '../pages/documents.js';
import { staticChangesFeed } from '../pages/history-documents.js';
import { redirectPage, redirectRules } from './redirects.js';
import { staticSearch } from './static-search-files.js';
import type { SiteContext, SiteFile, SiteFileMaker } from './site-file.js';

async function notFoundPage(context: SiteContext): Promise<SiteFile[]> {
  return [{ disk: '404.html', content: await notFoundDocument(context.publication, undefined, [], context.lang) }];
}

/**
 * The accessibility statement, legal notice and personal data pages every footer links to; one handed to
 * a wiki page by the settings is a page that sends the reader there, as the server does.
 */
function legalPages(context: SiteContext): SiteFile[] {
  return LEGAL_PAGE_KINDS.map((kind) => {
    const standIn = context.publication.site.legalPages?.[kind];
    return { disk: `-/${kind}/index.html`, content: standIn === undefined ? legalDocument(context.publication, kind, context.lang) : redirectPage(standIn, context.lang) };
  });
}

/** The agenda of upcoming events and its iCalendar feed, as of the build (rebuild daily to keep them current). */
async function agenda(context: SiteContext): Promise<SiteFile[]> {
  const { publication, revision } = context;
  const calendars = await publication.wiki.data.calendarsUnder(revision, '' as WikiPath);
  const feed = calendarFeed(upcomingEvents(calendars, new Date()), { name: publication.site.title });
  return [
    { disk: '-/agenda/index.html', content: await agendaDocument(publication, revision, context.lang) },
    { disk: '-/agenda.ics', content: feed },
  ];
}

function assetFiles(context: SiteContext): SiteFile[] {
  // Pages ask for `/-/assets/NAME?v=VERSION`; a static server ignores the query and serves the file.
  return [...context.assets].map(([name, asset]) => ({ disk: `-/assets/${name}`, content: asset.body }));
}

/** The State design system's files, for a site of the `dsfr` theme (see views/themes/dsfr-package.ts). */
function themeFiles(context: SiteContext): SiteFile[] {
  const theme = context.publication.site.theme;
  return theme?.name === 'dsfr' ? dsfrSiteFiles(theme.version) : [];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** sitemap.xml, when the site's address is known (a sitemap holds absolute URLs only). */
function sitemap(context: SiteContext): SiteFile[] {
  if (!context.baseUrl) return [];
  const origin = new URL(context.baseUrl).origin;
  const base = context.publication.site.basePath;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const output of context.outputs) {
    if (output.kind !== 'page' && output.kind !== 'folder') continue;
    const change = output.kind === 'page' ? context.changes.get(output.file.path) : undefined;
    const lastmod = change ? `<lastmod>${escapeXml(change.authorDate.slice(0, 10))}</lastmod>` : '';
    lines.push(`<url><loc>${escapeXml(origin + base + output.url)}</loc>${lastmod}</url>`);
  }
  lines.push('</urlset>', '');
  return [{ disk: 'sitemap.xml', content: lines.join('\n') }];
}

function robots(context: SiteContext): SiteFile[] {
  const base = context.publication.site.basePath;
  const lines = ['User-agent: *', `Disallow: ${base}/-/source/`];
  if (context.baseUrl) lines.push(`Sitemap: ${new URL(context.baseUrl).origin}${base}/sitemap.xml`);
  return [{ disk: 'robots.txt', content: `${lines.join('\n')}\n` }];
}

/** The Atom feed of recent changes every page announces (`-/changes.atom`), with absolute URLs when the site's address is known. */
async function recentChangesFeed(context: SiteContext): Promise<SiteFile[]> {
  const siteUrl = context.baseUrl ? new URL(context.baseUrl).origin + context.publication.site.basePath : undefined;
  return [{ disk: '-/changes.atom', content: await staticChangesFeed(context.publication, siteUrl, context.lang) }];
}

/** Every site-wide file, in order. */
export const SITE_FILES: readonly SiteFileMaker[] = [notFoundPage, legalPages, agenda, assetFiles, themeFiles, sitemap, robots, redirectRules, recentChangesFeed, staticSearch];
