import { backlinksIn, linkMapFrom } from '../wiki/backlinks.js';
import type { Backlink } from '../wiki/backlinks.js';
import type { LinkResolution } from '../wiki/links.js';
import type { WikiPath } from '../wiki/path.js';
import type { Revision, WikiFile } from '../wiki/revision.js';
import type { Wiki } from '../wiki/wiki.js';
import type { PageFacts } from './page-facts.js';

/**
 * "What links here" for every page of a build, from the links the build has already resolved: the server
 * finds the same pages by resolving them again (`backlinksOf`), which a build of every page cannot afford.
 * Links count as the server counts them: links (not images) of listed pages, once per page.
 */
export async function backlinksTable(
  wiki: Wiki,
  revision: Revision,
  pages: readonly WikiFile[],
  facts: ReadonlyMap<string, PageFacts>,
  resolutions: ReadonlyMap<WikiPath, ReadonlyMap<string, LinkResolution>>,
): Promise<Map<WikiPath, Backlink[]>> {
  const linking: [WikiPath, LinkResolution[]][] = [];
  for (const file of pages) {
    const known = facts.get(file.id);
    const resolved = resolutions.get(file.path);
    if (known?.kind !== 'page' || !resolved || !wiki.isListed(file.path)) continue;
    const hrefs = new Set(known.links.filter((l) => l.kind === 'link').map((l) => l.href));
    linking.push([file.path, [...hrefs].flatMap((href) => resolved.get(href) ?? [])]);
  }
  const map = linkMapFrom(revision, linking);
  const table = new Map<WikiPath, Backlink[]>();
  for (const file of pages) table.set(file.path, await backlinksIn(wiki, revision, map, file.path));
  return table;
}
