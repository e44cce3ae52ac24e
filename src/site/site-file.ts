import type { CommitInfo } from '../git/index.js';
import type { StaticSearchText } from '../search/static-index.js';
import type { Lang } from '../views/messages.js';
import type { WikiPath } from '../wiki/path.js';
import type { Revision, WikiFile } from '../wiki/revision.js';
import type { Publication } from '../pages/documents.js';
import type { Output } from './plan.js';

/** What a site-wide file (sitemap, feed, search index…) may be made from. */
export interface SiteContext {
  publication: Publication;
  revision: Revision;
  lang: Lang;
  /** The files of the site, pages first (see plan.ts). */
  outputs: readonly Output[];
  changes: ReadonlyMap<WikiPath, CommitInfo>;
  /** Scheme, host and base path of the published site (`--base-url`), when known: absolute URLs need it. */
  baseUrl?: string;
  /** Feuillet's stylesheet and script, by name. */
  assets: ReadonlyMap<string, { body: Buffer }>;
  search: SearchSources;
}

/** Where the static search finds the words of pages. */
export interface SearchSources {
  /** Counted by this build's parse, by blob id. */
  fresh: ReadonlyMap<string, StaticSearchText>;
  /** Read now, for a page this build did not parse. */
  read(file: WikiFile): Promise<StaticSearchText>;
  /**
   * An older version of a page, by its content id: only a git source has one (a work tree's ids are stamps,
   * and reading would give today's text). Without it, an edit makes every shard of the index again.
   */
  readOlder?(file: WikiFile): Promise<StaticSearchText>;
  /** The output folder, when the last build's index there may be updated (same code and settings). */
  outDir?: string;
}

/** A file of the site below the output folder: its bytes, or the last build's file left as it is. */
export type SiteFile = { disk: string; content: string | Buffer } | { disk: string; unchanged: true };

/**
 * A maker of site-wide files. They are made on every build that is not a no-op (no page is read) and
 * written only when their bytes changed.
 */
export type SiteFileMaker = (context: SiteContext) => Promise<SiteFile[]> | SiteFile[];
