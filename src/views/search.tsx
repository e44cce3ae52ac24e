import type { MarkedText } from '../search/marked.js';
import { HistoryStyles, Pager } from './history-parts.js';
import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface SearchResultView {
  url: string;
  title: MarkedText;
  snippet: MarkedText;
  crumbs: { label: string; href: string }[];
}

export interface SearchViewProps {
  site: SiteView;
  query: string;
  folder: string;
  /** Folders the search can be narrowed to, by path. */
  folders: string[];
  results: SearchResultView[];
  previousHref?: string;
  nextHref?: string;
  /** 'static' for a built site: no server, the page's script searches the index written beside it. */
  mode?: 'server' | 'static';
}

/** Matched words in <mark>, the rest as text (escaped like any JSX text). */
export function Marked(props: { text: MarkedText }) {
  return <>{props.text.map((part) => (part.hit ? <mark>{part.text}</mark> : part.text))}</>;
}

export function SearchResultList(props: { results: SearchResultView[]; label: string; crumbLabel: string }) {
  return (
    <ol class="search-results" aria-label={props.label}>
      {props.results.map((result) => (
        <li>
          <h2 class="search-result-title">
            <a href={result.url}>
              <Marked text={result.title} />
            </a>
          </h2>
          {result.crumbs.length > 0 ? (
            <p class="search-result-crumbs">
              <span class="visually-hidden">{props.crumbLabel} : </span>
              {result.crumbs.map((c, i) => (
                <>
                  {i > 0 ? ' › ' : ''}
                  <a href={c.href}>{c.label}</a>
                </>
              ))}
            </p>
          ) : null}
          <p class="search-result-snippet">
            <Marked text={result.snippet} />
          </p>
        </li>
      ))}
    </ol>
  );
}

/** `/-/search`: the search form with its folder filter, and the results, ranked, with highlighted snippets. */
export function SearchView(props: SearchViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang);
  const searched = props.query.trim() !== '';
  const title = searched ? `${m.searchResultsFor} « ${props.query} »` : m.searchTitle;
  return (
    <Layout site={site} title={title} crumbs={[{ label: site.title, href: `${site.basePath}/` }]}>
      <HistoryStyles site={site} />
      <form
        class="search-page-form"
        role="search"
        action={`${site.basePath}/-/search`}
        method="get"
        data-live-search={props.mode === 'static' ? undefined : `${site.basePath}/-/search.json`}
        data-static-search={props.mode === 'static' ? '' : undefined}
        data-none={m.searchNoResults}
      >
        <p>
          <label for="search-page-q">{m.searchTitle}</label>
          <input id="search-page-q" type="search" name="q" value={props.query} autocomplete="off" aria-describedby="search-help" />
        </p>
        {props.mode === 'static' ? null : (
        <p>
          <label for="search-page-folder">{m.searchFolder}</label>
          <select id="search-page-folder" name="dossier">
            <option value="">{m.searchWholeWiki}</option>
            {props.folders.map((f) => (
              <option value={f} selected={f === props.folder}>
                {f}
              </option>
            ))}
          </select>
        </p>
        )}
        <p>
          <button type="submit">{m.search}</button>
        </p>
        <p id="search-help" class="search-help">
          {m.searchHelp}
        </p>
      </form>
      <div class="search-output" aria-live="polite">
        {searched && props.results.length === 0 ? <p class="search-none">{m.searchNoResults}</p> : null}
        {props.results.length > 0 ? <SearchResultList results={props.results} label={m.searchResults} crumbLabel={m.breadcrumb} /> : null}
      </div>
      <Pager site={site} previousHref={props.previousHref} nextHref={props.nextHref} />
      {props.mode === 'static' ? (
        <script type="module" src={`${site.basePath}/-/search/search.js`}></script>
      ) : (
        <script src={`${site.basePath}/-/assets/search-suggest.js?v=${site.assetsVersion}`} defer></script>
      )}
    </Layout>
  );
}
