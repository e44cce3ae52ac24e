import { LRUCache } from 'lru-cache';
import { resolveLink, type LinkResolution } from './links.js';
import type { WikiPath } from './path.js';
import { folderIndex, isFolderIndex, type Revision } from './revision.js';
import { pageUrl } from './urls.js';
import type { Wiki } from './wiki.js';

export interface Backlink {
  path: WikiPath;
  title: string;
  url: string;
}

/** Who links to whom in one revision: target page → the pages whose links lead to it. */
type LinkMap = ReadonlyMap<WikiPath, ReadonlySet<WikiPath>>;

interface WikiLinks {
  /** The links written in a page, by content id: a page is parsed once whatever the revision. */
  written: LRUCache<string, readonly string[]>;
  maps: LRUCache<string, Promise<LinkMap>>;
}

const perWiki = new WeakMap<Wiki, WikiLinks>();

function linksOf(wiki: Wiki): WikiLinks {
  let links = perWiki.get(wiki);
  if (!links) {
    links = { written: new LRUCache({ max: 100_000 }), maps: new LRUCache({ max: 2 }) };
    perWiki.set(wiki, links);
  }
  return links;
}

async function writtenLinks(wiki: Wiki, cache: WikiLinks, revision: Revision, path: WikiPath): Promise<readonly string[]> {
  const file = revision.files.get(path);
  if (!file) return [];
  const cached = cache.written.get(file.id);
  if (cached) return cached;
  const parsed = await wiki.parse(file);
  const hrefs = typeof parsed === 'string' ? [] : [...new Set(parsed.links.filter((l) => l.kind === 'link').map((l) => l.href))];
  cache.written.set(file.id, hrefs);
  return hrefs;
}

/** The page a resolved link leads to (a folder leads to its index page), whether or not its anchor exists. */
function linkedPage(revision: Revision, resolution: LinkResolution): WikiPath | undefined {
  const target = resolution.kind === 'external' ? undefined : resolution.target;
  if (!target) return undefined;
  if (target.kind === 'page') return target.path;
  if (target.kind === 'folder') return folderIndex(revision, target.path)?.path;
  return undefined;
}

async function buildMap(wiki: Wiki, cache: WikiLinks, revision: Revision): Promise<LinkMap> {
  const map = new Map<WikiPath, Set<WikiPath>>();
  const noAnchors: ReadonlySet<string> = new Set();
  for (const file of wiki.pages(revision)) {
    if (!wiki.isListed(file.path)) continue;
    const ctx = {
      revision,
      page: file.path,
      // Which page a link leads to does not depend on its anchor: no page is loaded to check anchors.
      anchorsOf: async () => noAnchors,
      basePath: '',
      oldUrls: wiki.options.oldUrls,
      root: wiki.source.root,
    };
    for (const href of await writtenLinks(wiki, cache, revision, file.path)) {
      const target = linkedPage(revision, await resolveLink(href, ctx));
      if (target === undefined || target === file.path) continue;
      let sources = map.get(target);
      if (!sources) map.set(target, (sources = new Set()));
      sources.add(file.path);
    }
  }
  return map;
}

/** Who links to whom in a revision, computed once per revision (each page parsed once per content). */
export function linkMapOf(wiki: Wiki, revision: Revision): Promise<LinkMap> {
  const cache = linksOf(wiki);
  let map = cache.maps.get(revision.id);
  if (!map) {
    map = buildMap(wiki, cache, revision);
    cache.maps.set(revision.id, map);
    map.catch(() => cache.maps.delete(revision.id));
  }
  return map;
}

/** "What links here": the pages of the revision whose links lead to `path`, by title. */
export async function backlinksOf(wiki: Wiki, revision: Revision, path: WikiPath): Promise<Backlink[]> {
  const sources = (await linkMapOf(wiki, revision)).get(path) ?? new Set<WikiPath>();
  const links: Backlink[] = [];
  for (const source of sources) {
    links.push({
      path: source,
      title: await wiki.titleOf(revision, source),
      url: wiki.options.basePath + pageUrl(source, isFolderIndex(revision, source)),
    });
  }
  return links.sort((a, b) => a.title.localeCompare(b.title, 'fr') || a.path.localeCompare(b.path));
}
