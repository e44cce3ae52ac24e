import { LRUCache } from 'lru-cache';
import { linkMapOf } from './backlinks.js';
import { checkWiki, type Problem } from './check.js';
import type { WikiPath } from './path.js';
import { folderIndex, type Revision } from './revision.js';
import type { Wiki } from './wiki.js';

export interface HealthReport {
  revision: string;
  /** Pages no other page links to (the home page excepted), by path. */
  orphans: WikiPath[];
  /** What `feuillet check` lists: broken links and anchors, links leaving the wiki, guessed links, bad front matter. */
  problems: Problem[];
}

const reports = new WeakMap<Wiki, LRUCache<string, Promise<HealthReport>>>();

async function buildReport(wiki: Wiki, revision: Revision): Promise<HealthReport> {
  const [links, problems] = await Promise.all([linkMapOf(wiki, revision), checkWiki(wiki, revision)]);
  const home = folderIndex(revision, '' as WikiPath)?.path;
  const orphans = wiki
    .pages(revision)
    .filter((f) => wiki.isListed(f.path) && f.path !== home && !links.has(f.path))
    .map((f) => f.path)
    .sort((a, b) => (a < b ? -1 : 1));
  return { revision: revision.id, orphans, problems };
}

/** The maintainers' report for a revision, computed once per revision. */
export function healthOf(wiki: Wiki, revision: Revision): Promise<HealthReport> {
  let cache = reports.get(wiki);
  if (!cache) reports.set(wiki, (cache = new LRUCache({ max: 2 })));
  let report = cache.get(revision.id);
  if (!report) {
    report = buildReport(wiki, revision);
    cache.set(revision.id, report);
    const owner = cache;
    report.catch(() => owner.delete(revision.id));
  }
  return report;
}
