import type { SearchResults, SiteSearch } from '../search/site-search.js';
import { HealthView } from '../views/health.js';
import { renderDocument } from '../views/layout.js';
import type { Lang } from '../views/messages.js';
import { SearchView } from '../views/search.js';
import { healthOf } from '../wiki/health.js';
import { searchUrl } from '../wiki/history-urls.js';
import { parseWikiPath, type WikiPath } from '../wiki/path.js';
import { isFolderIndex } from '../wiki/revision.js';
import { pageUrl } from '../wiki/urls.js';
import type { Publication } from './documents.js';

/** The search page, its JSON twin for results as you type, and the maintainers' health report. */

export interface SearchParams {
  query: string;
  folder: string;
  page: number;
}

/** Reads `q`, `dossier` and `page` from a request's query string; anything odd becomes the default. */
export function searchParams(get: (name: string) => string | undefined): SearchParams {
  const query = (get('q') ?? '').slice(0, 500);
  const folder = parseWikiPath((get('dossier') ?? '').replace(/^\/+|\/+$/g, '')) ?? '';
  const page = Math.min(50, Math.max(1, Number.parseInt(get('page') ?? '1', 10) || 1));
  return { query, folder, page };
}

const MAX_FOLDERS_LISTED = 1000;

export async function runSearch(search: SiteSearch, params: SearchParams): Promise<SearchResults> {
  return search.search({ query: params.query, folder: params.folder as WikiPath, page: params.page });
}

export async function searchDocument(pub: Publication, search: SiteSearch, params: SearchParams, lang: Lang): Promise<string> {
  const [results, revision] = await Promise.all([runSearch(search, params), pub.wiki.revision()]);
  const base = pub.site.basePath;
  const folders = [...revision.folders].filter((f) => f !== '').sort((a, b) => a.localeCompare(b, 'fr')).slice(0, MAX_FOLDERS_LISTED);
  return renderDocument(
    <SearchView
      site={{ ...pub.site, lang }}
      query={params.query}
      folder={params.folder}
      folders={folders}
      results={results.results}
      previousHref={results.page > 1 ? searchUrl(base, params.query, params.folder, results.page - 1) : undefined}
      nextHref={results.hasMore ? searchUrl(base, params.query, params.folder, results.page + 1) : undefined}
    />,
  );
}

/** The search page of a static site (`-/search/index.html`): the form, and the script that searches the index `writeStaticSearch` wrote. */
export function staticSearchDocument(pub: Publication, lang: Lang): string {
  return renderDocument(<SearchView site={{ ...pub.site, lang }} query="" folder="" folders={[]} results={[]} mode="static" />);
}

/** The results as data, for the script that shows them as the reader types. */
export async function searchJson(pub: Publication, search: SiteSearch, params: SearchParams): Promise<string> {
  const results = await runSearch(search, params);
  const base = pub.site.basePath;
  return JSON.stringify({
    query: results.query,
    results: results.results.map((r) => ({ url: r.url, title: r.title, snippet: r.snippet, crumbs: r.crumbs })),
    more: results.hasMore ? searchUrl(base, params.query, params.folder, results.page + 1) : null,
    all: searchUrl(base, params.query, params.folder),
  });
}

export async function healthDocument(pub: Publication, lang: Lang): Promise<string> {
  const { wiki } = pub;
  const base = pub.site.basePath;
  const revision = await wiki.revision();
  const report = await healthOf(wiki, revision);
  const orphans = [];
  for (const path of report.orphans) {
    orphans.push({ path, title: await wiki.titleOf(revision, path), href: base + pageUrl(path, isFolderIndex(revision, path)) });
  }
  const problems = report.problems.map((p) => {
    const view = { path: p.path, href: base + pageUrl(p.path, isFolderIndex(revision, p.path)), line: p.line, kind: p.kind, detail: p.detail };
    return p.suggestion ? { ...view, suggestion: p.suggestion } : view;
  });
  const settingsProblems = (await wiki.settings(revision))?.problems ?? [];
  return renderDocument(<HealthView site={{ ...pub.site, lang }} orphans={orphans} problems={problems} settingsProblems={settingsProblems} />);
}
