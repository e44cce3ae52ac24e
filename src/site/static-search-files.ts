import { STATIC_SEARCH_FOLDER, staticSearchFiles, type StaticSearchPage, type StaticSearchText } from '../search/static-index.js';
import { breadcrumbs } from '../wiki/navigation.js';
import { staticSearchDocument } from './search-documents.js';
import { SEARCH_TEXTS_NAME, searchTextsFile } from './search-texts.js';
import type { SiteContext, SiteFile } from './site-files.js';

/**
 * The search of the static site: its page (`-/search/`, where every page's search form leads), the index
 * and script below it, and the words of every page kept for the next build. Made again on every build that
 * is not a no-op, from words counted once per blob.
 */
export async function staticSearch(context: SiteContext): Promise<SiteFile[]> {
  const { publication, revision } = context;
  const { wiki } = publication;
  const pages: StaticSearchPage[] = [];
  const kept = new Map<string, StaticSearchText>();
  for (const output of context.outputs) {
    if (output.kind !== 'page' || !wiki.isListed(output.file.path)) continue;
    const text = context.searchTexts.get(output.file.id);
    if (!text) continue;
    kept.set(output.file.id, text);
    const crumbs = await breadcrumbs(wiki, revision, output.file.path, false);
    pages.push({ url: publication.site.basePath + output.url, title: await wiki.titleOf(revision, output.file.path), crumbs: crumbs.map((c) => c.label), text });
  }
  return [
    { disk: `${STATIC_SEARCH_FOLDER}/index.html`, content: staticSearchDocument(publication, context.lang) },
    ...staticSearchFiles(pages).map((file) => ({ disk: `${STATIC_SEARCH_FOLDER}/${file.name}`, content: file.content })),
    { disk: SEARCH_TEXTS_NAME, content: searchTextsFile(kept) },
  ];
}
