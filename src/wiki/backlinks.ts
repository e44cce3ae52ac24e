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
export type LinkMap = ReadonlyMap<WikiPath, ReadonlySet<WikiPath>>;

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
  const parsed = await wiki.parse(file, 'background');
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

/**
 * Who links to whom, from how each page's links resolve (the static build has them resolved already).
 * `pages` are the pages whose links count, each with the resolutions of its links (not of its images).
 */
export function linkMapFrom(revision: Revision, pages: Iterable<[WikiPath, Iterable<LinkResolution>]>): LinkMap {
  const map = new Map<WikiPath, Set<WikiPath>>();
  for (const [source, resolutions] of pages) {
    for (const resolution of resolutions) {
      const target = linkedPage(revision, resolution);
      if (target === undefined || target === source) continue;
      let sources = map.get(target);
      if (!sources) map.set(target, (sources = new Set()));
      sources.add(source);
    }
  }
  return map;
}

async function buildMap(wiki: Wiki, cache: WikiLinks, revision: Revision): Promise<LinkMap> {
  const pages: [WikiPath, LinkResolution[]][] = [];
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
    const resolutions: LinkResolution[] = [];
    for (const href of await writtenLinks(wiki, cache, revision, file.path)) resolutions.push(await resolveLink(href, ctx));
    pages.push([file.path, resolutions]);
  }
  return linkMapFrom(revision, pages);
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
  return backlinksIn(wiki, revision, await linkMapOf(wiki, revision), path);
}

/** From this many files a wiki's first map of links takes seconds; a smaller wiki's takes well under one. */
const LARGE_WIKI_FILES = 1_000;

/**
 * "What links here" for a reader. In a large wiki, 'pending' if the revision's map is not ready within
 * `waitMs`: its first map parses every page (some seconds for 10,000), and a reader should not wait for it
 * to see the page they asked for. The map goes on being made; the next request gets it. A smaller wiki's
 * pages always wait for their list.
 */
export async function backlinksSoon(wiki: Wiki, revision: Revision, path: WikiPath, waitMs: number): Promise<Backlink[] | 'pending'> {
  const map = linkMapOf(wiki, revision);
  if (revision.files.size < LARGE_WIKI_FILES) return backlinksIn(wiki, revision, await map, path);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), waitMs);
  });
  try {
    const ready = await Promise.race([map, late]);
    return ready === 'pending' ? ready : await backlinksIn(wiki, revision, ready, path);
  } finally {
    clearTimeout(timer);
  }
}

/** The pages of `map` whose links lead to `path`, by title. */
export async function backlinksIn(wiki: Wiki, revision: Revision, map: LinkMap, path: WikiPath): Promise<Backlink[]> {
  const links: Backlink[] = [];
  for (const source of map.get(path) ?? []) {
    links.push({
      path: source,
      title: await wiki.titleOf(revision, source),
      url: wiki.options.basePath + pageUrl(source, isFolderIndex(revision, source)),
    });
  }
  return links.sort((a, b) => a.title.localeCompare(b.title, 'fr') || a.path.localeCompare(b.path));
}
